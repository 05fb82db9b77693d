/** Data structures shared by the engine, the gateway and the client, chosen for hot paths. */
export { setById } from './by-id.js';
export { IntMap } from './int-map.js';
export { ReusedList } from './reused-list.js';
