/**
 * protobufjs's oneof accessors, replaced with ones that do less per frame.
 * - The decoders set a oneof's case (`message.body = "newOrder"`) through a setter
 *   that `delete`s every other member of the oneof, each a runtime call even when
 *   the member was never set: for ClientFrame's 15 members that was 3% of the
 *   gateway's CPU. This setter deletes only the members present; what it leaves
 *   is the same.
 * - The getter (`frame.body`) listed the message's keys (`Object.keys`, an array
 *   per read, several reads per frame: ~4% of the gateway's garbage). This one
 *   looks the members up by name. With the setter above a decoded message has at
 *   most one member set, so both answer the same; if a message built by hand has
 *   several, this one names the first in schema order.
 * Like no-long.ts, this must be evaluated before the generated code, which builds
 * its accessors when it loads (index.ts imports it first).
 */
import protobuf from 'protobufjs/minimal.js';

protobuf.util.oneOfSetter = function oneOfSetter(fieldNames: string[]) {
  return function setOneOf(this: Record<string, unknown>, name: string | undefined): void {
    for (const field of fieldNames) if (field !== name && Object.hasOwn(this, field)) delete this[field];
  };
};

protobuf.util.oneOfGetter = function oneOfGetter(fieldNames: string[]) {
  return function getOneOf(this: Record<string, unknown>): string | undefined {
    for (const field of fieldNames) if (this[field] != null && Object.hasOwn(this, field)) return field;
    return undefined;
  };
};
