import {readFileSync} from 'node:fs';
import {renderActivemqXml, brokerWants} from '../src/core/activemq-xml/render.ts';
const w = brokerWants({stompPort: 61623, topicUser: 'mcollective', topicPassword: 'marionette', adminPassword: 'adm', collectives: ['mcollective','sub']}, '127.0.0.1');
for (const f of ['lab/activemq/activemq.xml', '/etc/activemq/instances-available/main/activemq.xml']) {
  const t = readFileSync(f,'utf8'); const r = renderActivemqXml(t, w); console.log(r.changes, r.notes);
  const {createTwoFilesPatch} = await import('diff'); console.log(createTwoFilesPatch('a','b',t,r.text));
  const r2 = renderActivemqXml(r.text, w); console.log('idempotent', r2.text === r.text, r2.changes);
}
console.log(renderActivemqXml(undefined, w).text);
