/**
 * 64-bit decision: protobuf 64-bit integers decode to plain numbers, never Long
 * objects. Every id, price and quantity in PATX is a safe integer (< 2^53); a
 * larger value on the wire decodes to a number >= 2^53, which the gateway
 * detects with Number.isSafeInteger and refuses (VALUE_OUT_OF_RANGE), so no
 * value is ever silently rounded. PAT amounts in wei travel as decimal strings.
 * This module must be evaluated before the generated code (index.ts imports it first).
 */
import protobuf from 'protobufjs/minimal.js';

protobuf.util.Long = null as unknown as typeof protobuf.util.Long;
protobuf.configure();
