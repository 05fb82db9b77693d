/**
 * protobufjs's decoders set a oneof's case (`message.body = "newOrder"`) through
 * a setter that `delete`s every other member of the oneof, each a runtime call
 * even when the member was never set: for ClientFrame's 15 members that was 3%
 * of the gateway's CPU. This setter deletes only the members present; what it
 * leaves is the same. Like no-long.ts, it must be evaluated before the
 * generated code, which builds its setters when it loads (index.ts imports it first).
 */
import protobuf from 'protobufjs/minimal.js';

protobuf.util.oneOfSetter = function oneOfSetter(fieldNames: string[]) {
  return function setOneOf(this: Record<string, unknown>, name: string | undefined): void {
    for (const field of fieldNames) if (field !== name && Object.hasOwn(this, field)) delete this[field];
  };
};
