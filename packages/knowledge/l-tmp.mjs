import * as lancedb from '@lancedb/lancedb';
import { Schema, Field, Utf8, Float64, Float32, List, Struct, FixedSizeList } from 'apache-arrow';
const schema = new Schema([new Field('id', new Utf8(), false), new Field('text', new Utf8()), new Field('meta', new Utf8()), new Field('tokens', new List(new Field('item', new Utf8(), true))), new Field('nums', new List(new Field('item', new Struct([new Field('key', new Utf8()), new Field('value', new Float64())]), true))), new Field('vector', new FixedSizeList(4, new Field('item', new Float32(), true)))]);
const db = await lancedb.connect('/tmp/k3lance');
const data = [
  { id: 'a', text: 'quantum entanglement particles', meta: JSON.stringify({ kind: 'guide', n: 1 }), tokens: ['["kind","guide"]', '["n",1]'], nums: [{ key: 'n', value: 1 }], vector: [1, 0, 0, 0] },
  { id: 'b', text: 'sourdough bread bakery', meta: JSON.stringify({ kind: 'faq', n: 5 }), tokens: ['["kind","faq"]', '["n",5]'], nums: [{ key: 'n', value: 5 }], vector: [0, 1, 0, 0] },
];
const t = await db.createTable('t' + Date.now(), data, { mode: 'overwrite', schema });
console.log(String(await t.schema()));
const tryQ = async (pred) => { try { const r = await t.query().where(pred).select(['id']).toArray(); console.log('OK', pred, r.map((x) => x.id)); } catch (e) { console.log('ERR', pred, e.message.split('\n')[0]); } };
await tryQ(`array_has(tokens, '["kind","guide"]')`);
await tryQ(`array_contains(tokens, '["n",5]')`);
await tryQ(`json_extract(meta, '$.n') = '5'`);
await tryQ(`json_get_int(meta, 'n') > 2`);
await tryQ(`json_get(meta, 'n') > 2`);
await tryQ(`array_any_value(nums) IS NOT NULL`);
await tryQ(`NOT array_has(tokens, '["kind","guide"]')`);
await tryQ(`EXISTS (SELECT 1 FROM unnest(nums) u WHERE u.key = 'n')`);
await tryQ(`array_length(list_filter(nums, x -> x.key = 'n' AND x.value > 2)) > 0`);
await tryQ(`array_has_any(tokens, make_array('["n",5]', '["kind","guide"]'))`);
await tryQ(`array_has_any(tokens, ['["n",5]', '["kind","guide"]'])`);
await tryQ(`get_field(nums[1], 'value') > 2`);
await tryQ(`nums[1].value > 2`);
try { await t.createIndex('text', { config: lancedb.Index.fts() }); const r = await t.search('bread', 'fts').limit(5).toArray(); console.log('fts', r.map((x) => [x.id, x._score])); } catch (e) { console.log('fts err', e.message); }
const v = await t.search([1, 0.1, 0, 0]).distanceType('cosine').limit(2).toArray(); console.log(v.map((x) => [x.id, x._distance]));
