import * as lancedb from '@lancedb/lancedb';
import { Schema, Field, Utf8, Float32, FixedSizeList } from 'apache-arrow';
const ext = new Map([['ARROW:extension:name', 'arrow.json']]);
const schema = new Schema([new Field('id', new Utf8(), false), new Field('meta', new Utf8(), true, ext), new Field('vector', new FixedSizeList(2, new Field('item', new Float32(), true)))]);
const db = await lancedb.connect('/tmp/k3lance');
const rows = [
  ['a', { kind: 'guide', n: 1, flag: true, tag: null }], ['b', { kind: 'faq', n: 5, flag: false }], ['c', { kind: 'api', n: '5', flag: 'true', 'a.b': 1 }], ['d', {}], ['e', { n: 2.5, flag: 1, "we'ird": 'x', a: { b: 7 } }],
];
const t = await db.createTable('j' + Date.now(), rows.map(([id, m]) => ({ id, meta: JSON.stringify(m), vector: [1, 0] })), { mode: 'overwrite', schema });
console.log(String(await t.schema()));
const tryQ = async (pred) => { try { const r = await t.query().where(pred).select(['id']).toArray(); console.log('OK', pred, r.map((x) => x.id).join(',')); } catch (e) { console.log('ERR', pred, e.message.split('\n')[0].slice(0, 250)); } };
for (const p of [`json_get_float(meta, 'n') > 2`, `json_get_float(meta, 'flag') >= 0`, `json_get_int(meta, 'n') = 5`, `json_get_string(meta, 'n') = '5'`, `json_get_bool(meta, 'flag') = true`, `json_get_string(meta, 'flag') = 'true'`,
  `json_get_float(meta, 'a.b') = 1`, `json_extract(meta, '$.n') = '5'`, `json_extract(meta, '$["a.b"]') = '1'`, `json_get(meta, 'tag') IS NULL`, `json_extract(meta, '$.tag') = 'null'`, `json_extract(meta, '$.n')`, `json_exists(meta, '$.tag')`, `json_get_string(meta, 'we''ird') = 'x'`]) await tryQ(p);
const r = await t.query().select(['id', 'meta']).toArray(); console.log(r.map((x) => [x.id, typeof x.meta, String(x.meta).slice(0, 60)]));
for (const p of [`json_extract(meta, '$.n')`, `json_extract(meta, '$.flag')`, `json_extract(meta, '$.kind')`, `json_extract(meta, '$.tag')`]) { try { const r = await t.query().select({ v: p }).toArray(); console.log(p, r.map((x) => JSON.stringify(x.v))); } catch (e) { console.log('ERR sel', p, e.message.slice(0, 200)); } }
