import * as lancedb from '@lancedb/lancedb';
import { Schema, Field, Utf8, Float32, FixedSizeList } from 'apache-arrow';
const schema = new Schema([new Field('id', new Utf8(), false), new Field('text', new Utf8()), new Field('vector', new FixedSizeList(2, new Field('item', new Float32(), true)))]);
const db = await lancedb.connect('/tmp/k3lance');
const t = await db.createEmptyTable('f' + Date.now(), schema);
try { await t.createIndex('text', { config: lancedb.Index.fts() }); console.log('index on empty ok'); } catch (e) { console.log('idx empty err', e.message.slice(0, 200)); }
await t.add([{ id: 'a', text: 'quantum entanglement', vector: [1, 0] }]);
try { await t.createIndex('text', { config: lancedb.Index.fts() }); console.log('index ok'); } catch (e) { console.log('idx err', e.message.slice(0, 200)); }
await t.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute([{ id: 'b', text: 'sourdough bread quantum', vector: [0, 1] }]);
console.log((await t.search('sourdough', 'fts').limit(5).toArray()).map((x) => [x.id, x._score]));
console.log((await t.query().fullTextSearch('quantum').where("id <> 'zz'").limit(5).toArray()).map((x) => [x.id, x._score]));
const d = await t.delete("id = 'a'"); console.log('delete result', d);
console.log(await t.countRows("text = 'it''s'"), await t.countRows(), (await t.listIndices()).map(i=>i.name));
console.log((await t.query().where(`text = 'a\\b'`).toArray()).length);
const v = await t.vectorSearch([1, 0]).distanceType('cosine').where("id <> 'x'").limit(2).toArray(); console.log(v.map(x=>[x.id,x._distance]));
