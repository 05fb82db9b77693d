/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const patx = $root.patx = (() => {

    /**
     * Namespace patx.
     * @exports patx
     * @namespace
     */
    const patx = {};

    patx.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof patx
         * @namespace
         */
        const v1 = {};

        v1.ClientFrame = (function() {

            /**
             * Properties of a ClientFrame.
             * @typedef {Object} patx.v1.ClientFrame.$Properties
             * @property {number|null} [requestId] ClientFrame requestId
             * @property {patx.v1.Login.$Properties|null} [login] ClientFrame login
             * @property {patx.v1.Heartbeat.$Properties|null} [heartbeat] ClientFrame heartbeat
             * @property {patx.v1.NewOrder.$Properties|null} [newOrder] ClientFrame newOrder
             * @property {patx.v1.CancelOrder.$Properties|null} [cancelOrder] ClientFrame cancelOrder
             * @property {patx.v1.AmendOrder.$Properties|null} [amendOrder] ClientFrame amendOrder
             * @property {patx.v1.MassCancel.$Properties|null} [massCancel] ClientFrame massCancel
             * @property {patx.v1.DeclareCapacity.$Properties|null} [declareCapacity] ClientFrame declareCapacity
             * @property {patx.v1.Mint.$Properties|null} [mint] ClientFrame mint
             * @property {patx.v1.Exercise.$Properties|null} [exercise] ClientFrame exercise
             * @property {patx.v1.RequestWithdrawal.$Properties|null} [requestWithdrawal] ClientFrame requestWithdrawal
             * @property {patx.v1.AccountQuery.$Properties|null} [accountQuery] ClientFrame accountQuery
             * @property {patx.v1.OpenOrdersQuery.$Properties|null} [openOrdersQuery] ClientFrame openOrdersQuery
             * @property {patx.v1.OrderStatusQuery.$Properties|null} [orderStatusQuery] ClientFrame orderStatusQuery
             * @property {patx.v1.SeriesQuery.$Properties|null} [seriesQuery] ClientFrame seriesQuery
             * @property {patx.v1.Subscribe.$Properties|null} [subscribe] ClientFrame subscribe
             * @property {patx.v1.Unsubscribe.$Properties|null} [unsubscribe] ClientFrame unsubscribe
             * @property {patx.v1.CreateSubscription.$Properties|null} [createSubscription] ClientFrame createSubscription
             * @property {patx.v1.CancelSubscription.$Properties|null} [cancelSubscription] ClientFrame cancelSubscription
             * @property {patx.v1.ResumeSubscription.$Properties|null} [resumeSubscription] ClientFrame resumeSubscription
             * @property {"login"|"heartbeat"|"newOrder"|"cancelOrder"|"amendOrder"|"massCancel"|"declareCapacity"|"mint"|"exercise"|"requestWithdrawal"|"accountQuery"|"openOrdersQuery"|"orderStatusQuery"|"seriesQuery"|"subscribe"|"unsubscribe"|"createSubscription"|"cancelSubscription"|"resumeSubscription"} [body] ClientFrame body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ClientFrame.
             * @memberof patx.v1
             * @interface IClientFrame
             * @augments patx.v1.ClientFrame.$Properties
             * @deprecated Use patx.v1.ClientFrame.$Properties instead.
             */

            /**
             * Narrowed shape of a ClientFrame.
             * @typedef {{
             *   requestId?: number|null;
             *   login?: patx.v1.Login.$Shape|null;
             *   heartbeat?: patx.v1.Heartbeat.$Shape|null;
             *   newOrder?: patx.v1.NewOrder.$Shape|null;
             *   cancelOrder?: patx.v1.CancelOrder.$Shape|null;
             *   amendOrder?: patx.v1.AmendOrder.$Shape|null;
             *   massCancel?: patx.v1.MassCancel.$Shape|null;
             *   declareCapacity?: patx.v1.DeclareCapacity.$Shape|null;
             *   mint?: patx.v1.Mint.$Shape|null;
             *   exercise?: patx.v1.Exercise.$Shape|null;
             *   requestWithdrawal?: patx.v1.RequestWithdrawal.$Shape|null;
             *   accountQuery?: patx.v1.AccountQuery.$Shape|null;
             *   openOrdersQuery?: patx.v1.OpenOrdersQuery.$Shape|null;
             *   orderStatusQuery?: patx.v1.OrderStatusQuery.$Shape|null;
             *   seriesQuery?: patx.v1.SeriesQuery.$Shape|null;
             *   subscribe?: patx.v1.Subscribe.$Shape|null;
             *   unsubscribe?: patx.v1.Unsubscribe.$Shape|null;
             *   createSubscription?: patx.v1.CreateSubscription.$Shape|null;
             *   cancelSubscription?: patx.v1.CancelSubscription.$Shape|null;
             *   resumeSubscription?: patx.v1.ResumeSubscription.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "login"; login: patx.v1.Login.$Shape; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "heartbeat"; login?: null; heartbeat: patx.v1.Heartbeat.$Shape; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "newOrder"; login?: null; heartbeat?: null; newOrder: patx.v1.NewOrder.$Shape; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "cancelOrder"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder: patx.v1.CancelOrder.$Shape; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "amendOrder"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder: patx.v1.AmendOrder.$Shape; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "massCancel"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel: patx.v1.MassCancel.$Shape; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "declareCapacity"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity: patx.v1.DeclareCapacity.$Shape; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "mint"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint: patx.v1.Mint.$Shape; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "exercise"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise: patx.v1.Exercise.$Shape; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "requestWithdrawal"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal: patx.v1.RequestWithdrawal.$Shape; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "accountQuery"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery: patx.v1.AccountQuery.$Shape; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "openOrdersQuery"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery: patx.v1.OpenOrdersQuery.$Shape; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "orderStatusQuery"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery: patx.v1.OrderStatusQuery.$Shape; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "seriesQuery"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery: patx.v1.SeriesQuery.$Shape; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "subscribe"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe: patx.v1.Subscribe.$Shape; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "unsubscribe"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe: patx.v1.Unsubscribe.$Shape; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "createSubscription"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription: patx.v1.CreateSubscription.$Shape; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "cancelSubscription"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription: patx.v1.CancelSubscription.$Shape; resumeSubscription?: null }|{ body?: "resumeSubscription"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription: patx.v1.ResumeSubscription.$Shape })
             * )} patx.v1.ClientFrame.$Shape
             */

            /**
             * Constructs a new ClientFrame.
             * @memberof patx.v1
             * @classdesc Represents a ClientFrame.
             * @constructor
             * @param {patx.v1.ClientFrame.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ClientFrame = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ClientFrame requestId.
             * @member {number} requestId
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.requestId = 0;

            /**
             * ClientFrame login.
             * @member {patx.v1.Login.$Properties|null|undefined} login
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.login = null;

            /**
             * ClientFrame heartbeat.
             * @member {patx.v1.Heartbeat.$Properties|null|undefined} heartbeat
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.heartbeat = null;

            /**
             * ClientFrame newOrder.
             * @member {patx.v1.NewOrder.$Properties|null|undefined} newOrder
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.newOrder = null;

            /**
             * ClientFrame cancelOrder.
             * @member {patx.v1.CancelOrder.$Properties|null|undefined} cancelOrder
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.cancelOrder = null;

            /**
             * ClientFrame amendOrder.
             * @member {patx.v1.AmendOrder.$Properties|null|undefined} amendOrder
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.amendOrder = null;

            /**
             * ClientFrame massCancel.
             * @member {patx.v1.MassCancel.$Properties|null|undefined} massCancel
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.massCancel = null;

            /**
             * ClientFrame declareCapacity.
             * @member {patx.v1.DeclareCapacity.$Properties|null|undefined} declareCapacity
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.declareCapacity = null;

            /**
             * ClientFrame mint.
             * @member {patx.v1.Mint.$Properties|null|undefined} mint
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.mint = null;

            /**
             * ClientFrame exercise.
             * @member {patx.v1.Exercise.$Properties|null|undefined} exercise
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.exercise = null;

            /**
             * ClientFrame requestWithdrawal.
             * @member {patx.v1.RequestWithdrawal.$Properties|null|undefined} requestWithdrawal
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.requestWithdrawal = null;

            /**
             * ClientFrame accountQuery.
             * @member {patx.v1.AccountQuery.$Properties|null|undefined} accountQuery
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.accountQuery = null;

            /**
             * ClientFrame openOrdersQuery.
             * @member {patx.v1.OpenOrdersQuery.$Properties|null|undefined} openOrdersQuery
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.openOrdersQuery = null;

            /**
             * ClientFrame orderStatusQuery.
             * @member {patx.v1.OrderStatusQuery.$Properties|null|undefined} orderStatusQuery
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.orderStatusQuery = null;

            /**
             * ClientFrame seriesQuery.
             * @member {patx.v1.SeriesQuery.$Properties|null|undefined} seriesQuery
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.seriesQuery = null;

            /**
             * ClientFrame subscribe.
             * @member {patx.v1.Subscribe.$Properties|null|undefined} subscribe
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.subscribe = null;

            /**
             * ClientFrame unsubscribe.
             * @member {patx.v1.Unsubscribe.$Properties|null|undefined} unsubscribe
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.unsubscribe = null;

            /**
             * ClientFrame createSubscription.
             * @member {patx.v1.CreateSubscription.$Properties|null|undefined} createSubscription
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.createSubscription = null;

            /**
             * ClientFrame cancelSubscription.
             * @member {patx.v1.CancelSubscription.$Properties|null|undefined} cancelSubscription
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.cancelSubscription = null;

            /**
             * ClientFrame resumeSubscription.
             * @member {patx.v1.ResumeSubscription.$Properties|null|undefined} resumeSubscription
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            ClientFrame.prototype.resumeSubscription = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * ClientFrame body.
             * @member {"login"|"heartbeat"|"newOrder"|"cancelOrder"|"amendOrder"|"massCancel"|"declareCapacity"|"mint"|"exercise"|"requestWithdrawal"|"accountQuery"|"openOrdersQuery"|"orderStatusQuery"|"seriesQuery"|"subscribe"|"unsubscribe"|"createSubscription"|"cancelSubscription"|"resumeSubscription"|undefined} body
             * @memberof patx.v1.ClientFrame
             * @instance
             */
            $Object.defineProperty(ClientFrame.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["login", "heartbeat", "newOrder", "cancelOrder", "amendOrder", "massCancel", "declareCapacity", "mint", "exercise", "requestWithdrawal", "accountQuery", "openOrdersQuery", "orderStatusQuery", "seriesQuery", "subscribe", "unsubscribe", "createSubscription", "cancelSubscription", "resumeSubscription"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new ClientFrame instance using the specified properties.
             * @function create
             * @memberof patx.v1.ClientFrame
             * @static
             * @param {patx.v1.ClientFrame.$Properties=} [properties] Properties to set
             * @returns {patx.v1.ClientFrame} ClientFrame instance
             * @type {{
             *   (properties: patx.v1.ClientFrame.$Shape): patx.v1.ClientFrame & patx.v1.ClientFrame.$Shape;
             *   (properties?: patx.v1.ClientFrame.$Properties): patx.v1.ClientFrame;
             * }}
             */
            ClientFrame.create = function(properties) {
                return new ClientFrame(properties);
            };

            /**
             * Encodes the specified ClientFrame message. Does not implicitly {@link patx.v1.ClientFrame.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.ClientFrame
             * @static
             * @param {patx.v1.ClientFrame.$Properties} message ClientFrame message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ClientFrame.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.requestId != null && $Object.hasOwnProperty.call(message, "requestId") && message.requestId !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.requestId);
                if (message.login != null && $Object.hasOwnProperty.call(message, "login"))
                    $root.patx.v1.Login.encode(message.login, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat"))
                    $root.patx.v1.Heartbeat.encode(message.heartbeat, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.newOrder != null && $Object.hasOwnProperty.call(message, "newOrder"))
                    $root.patx.v1.NewOrder.encode(message.newOrder, writer.uint32(/* id 20, wireType 2 =*/162).fork(), _depth + 1).ldelim();
                if (message.cancelOrder != null && $Object.hasOwnProperty.call(message, "cancelOrder"))
                    $root.patx.v1.CancelOrder.encode(message.cancelOrder, writer.uint32(/* id 21, wireType 2 =*/170).fork(), _depth + 1).ldelim();
                if (message.amendOrder != null && $Object.hasOwnProperty.call(message, "amendOrder"))
                    $root.patx.v1.AmendOrder.encode(message.amendOrder, writer.uint32(/* id 22, wireType 2 =*/178).fork(), _depth + 1).ldelim();
                if (message.massCancel != null && $Object.hasOwnProperty.call(message, "massCancel"))
                    $root.patx.v1.MassCancel.encode(message.massCancel, writer.uint32(/* id 23, wireType 2 =*/186).fork(), _depth + 1).ldelim();
                if (message.declareCapacity != null && $Object.hasOwnProperty.call(message, "declareCapacity"))
                    $root.patx.v1.DeclareCapacity.encode(message.declareCapacity, writer.uint32(/* id 24, wireType 2 =*/194).fork(), _depth + 1).ldelim();
                if (message.mint != null && $Object.hasOwnProperty.call(message, "mint"))
                    $root.patx.v1.Mint.encode(message.mint, writer.uint32(/* id 25, wireType 2 =*/202).fork(), _depth + 1).ldelim();
                if (message.exercise != null && $Object.hasOwnProperty.call(message, "exercise"))
                    $root.patx.v1.Exercise.encode(message.exercise, writer.uint32(/* id 26, wireType 2 =*/210).fork(), _depth + 1).ldelim();
                if (message.requestWithdrawal != null && $Object.hasOwnProperty.call(message, "requestWithdrawal"))
                    $root.patx.v1.RequestWithdrawal.encode(message.requestWithdrawal, writer.uint32(/* id 27, wireType 2 =*/218).fork(), _depth + 1).ldelim();
                if (message.accountQuery != null && $Object.hasOwnProperty.call(message, "accountQuery"))
                    $root.patx.v1.AccountQuery.encode(message.accountQuery, writer.uint32(/* id 30, wireType 2 =*/242).fork(), _depth + 1).ldelim();
                if (message.openOrdersQuery != null && $Object.hasOwnProperty.call(message, "openOrdersQuery"))
                    $root.patx.v1.OpenOrdersQuery.encode(message.openOrdersQuery, writer.uint32(/* id 31, wireType 2 =*/250).fork(), _depth + 1).ldelim();
                if (message.orderStatusQuery != null && $Object.hasOwnProperty.call(message, "orderStatusQuery"))
                    $root.patx.v1.OrderStatusQuery.encode(message.orderStatusQuery, writer.uint32(/* id 32, wireType 2 =*/258).fork(), _depth + 1).ldelim();
                if (message.seriesQuery != null && $Object.hasOwnProperty.call(message, "seriesQuery"))
                    $root.patx.v1.SeriesQuery.encode(message.seriesQuery, writer.uint32(/* id 40, wireType 2 =*/322).fork(), _depth + 1).ldelim();
                if (message.subscribe != null && $Object.hasOwnProperty.call(message, "subscribe"))
                    $root.patx.v1.Subscribe.encode(message.subscribe, writer.uint32(/* id 41, wireType 2 =*/330).fork(), _depth + 1).ldelim();
                if (message.unsubscribe != null && $Object.hasOwnProperty.call(message, "unsubscribe"))
                    $root.patx.v1.Unsubscribe.encode(message.unsubscribe, writer.uint32(/* id 42, wireType 2 =*/338).fork(), _depth + 1).ldelim();
                if (message.createSubscription != null && $Object.hasOwnProperty.call(message, "createSubscription"))
                    $root.patx.v1.CreateSubscription.encode(message.createSubscription, writer.uint32(/* id 50, wireType 2 =*/402).fork(), _depth + 1).ldelim();
                if (message.cancelSubscription != null && $Object.hasOwnProperty.call(message, "cancelSubscription"))
                    $root.patx.v1.CancelSubscription.encode(message.cancelSubscription, writer.uint32(/* id 51, wireType 2 =*/410).fork(), _depth + 1).ldelim();
                if (message.resumeSubscription != null && $Object.hasOwnProperty.call(message, "resumeSubscription"))
                    $root.patx.v1.ResumeSubscription.encode(message.resumeSubscription, writer.uint32(/* id 52, wireType 2 =*/418).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ClientFrame message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.ClientFrame
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.ClientFrame & patx.v1.ClientFrame.$Shape} ClientFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ClientFrame.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.ClientFrame();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.requestId = value;
                            else
                                delete message.requestId;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.login = $root.patx.v1.Login.decode(reader, reader.size(), $undefined, _depth + 1, message.login);
                            message.body = "login";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.heartbeat = $root.patx.v1.Heartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.heartbeat);
                            message.body = "heartbeat";
                            continue;
                        }
                    case 20: {
                            if (wireType !== 2)
                                break;
                            message.newOrder = $root.patx.v1.NewOrder.decode(reader, reader.size(), $undefined, _depth + 1, message.newOrder);
                            message.body = "newOrder";
                            continue;
                        }
                    case 21: {
                            if (wireType !== 2)
                                break;
                            message.cancelOrder = $root.patx.v1.CancelOrder.decode(reader, reader.size(), $undefined, _depth + 1, message.cancelOrder);
                            message.body = "cancelOrder";
                            continue;
                        }
                    case 22: {
                            if (wireType !== 2)
                                break;
                            message.amendOrder = $root.patx.v1.AmendOrder.decode(reader, reader.size(), $undefined, _depth + 1, message.amendOrder);
                            message.body = "amendOrder";
                            continue;
                        }
                    case 23: {
                            if (wireType !== 2)
                                break;
                            message.massCancel = $root.patx.v1.MassCancel.decode(reader, reader.size(), $undefined, _depth + 1, message.massCancel);
                            message.body = "massCancel";
                            continue;
                        }
                    case 24: {
                            if (wireType !== 2)
                                break;
                            message.declareCapacity = $root.patx.v1.DeclareCapacity.decode(reader, reader.size(), $undefined, _depth + 1, message.declareCapacity);
                            message.body = "declareCapacity";
                            continue;
                        }
                    case 25: {
                            if (wireType !== 2)
                                break;
                            message.mint = $root.patx.v1.Mint.decode(reader, reader.size(), $undefined, _depth + 1, message.mint);
                            message.body = "mint";
                            continue;
                        }
                    case 26: {
                            if (wireType !== 2)
                                break;
                            message.exercise = $root.patx.v1.Exercise.decode(reader, reader.size(), $undefined, _depth + 1, message.exercise);
                            message.body = "exercise";
                            continue;
                        }
                    case 27: {
                            if (wireType !== 2)
                                break;
                            message.requestWithdrawal = $root.patx.v1.RequestWithdrawal.decode(reader, reader.size(), $undefined, _depth + 1, message.requestWithdrawal);
                            message.body = "requestWithdrawal";
                            continue;
                        }
                    case 30: {
                            if (wireType !== 2)
                                break;
                            message.accountQuery = $root.patx.v1.AccountQuery.decode(reader, reader.size(), $undefined, _depth + 1, message.accountQuery);
                            message.body = "accountQuery";
                            continue;
                        }
                    case 31: {
                            if (wireType !== 2)
                                break;
                            message.openOrdersQuery = $root.patx.v1.OpenOrdersQuery.decode(reader, reader.size(), $undefined, _depth + 1, message.openOrdersQuery);
                            message.body = "openOrdersQuery";
                            continue;
                        }
                    case 32: {
                            if (wireType !== 2)
                                break;
                            message.orderStatusQuery = $root.patx.v1.OrderStatusQuery.decode(reader, reader.size(), $undefined, _depth + 1, message.orderStatusQuery);
                            message.body = "orderStatusQuery";
                            continue;
                        }
                    case 40: {
                            if (wireType !== 2)
                                break;
                            message.seriesQuery = $root.patx.v1.SeriesQuery.decode(reader, reader.size(), $undefined, _depth + 1, message.seriesQuery);
                            message.body = "seriesQuery";
                            continue;
                        }
                    case 41: {
                            if (wireType !== 2)
                                break;
                            message.subscribe = $root.patx.v1.Subscribe.decode(reader, reader.size(), $undefined, _depth + 1, message.subscribe);
                            message.body = "subscribe";
                            continue;
                        }
                    case 42: {
                            if (wireType !== 2)
                                break;
                            message.unsubscribe = $root.patx.v1.Unsubscribe.decode(reader, reader.size(), $undefined, _depth + 1, message.unsubscribe);
                            message.body = "unsubscribe";
                            continue;
                        }
                    case 50: {
                            if (wireType !== 2)
                                break;
                            message.createSubscription = $root.patx.v1.CreateSubscription.decode(reader, reader.size(), $undefined, _depth + 1, message.createSubscription);
                            message.body = "createSubscription";
                            continue;
                        }
                    case 51: {
                            if (wireType !== 2)
                                break;
                            message.cancelSubscription = $root.patx.v1.CancelSubscription.decode(reader, reader.size(), $undefined, _depth + 1, message.cancelSubscription);
                            message.body = "cancelSubscription";
                            continue;
                        }
                    case 52: {
                            if (wireType !== 2)
                                break;
                            message.resumeSubscription = $root.patx.v1.ResumeSubscription.decode(reader, reader.size(), $undefined, _depth + 1, message.resumeSubscription);
                            message.body = "resumeSubscription";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ClientFrame;
        })();

        v1.ServerFrame = (function() {

            /**
             * Properties of a ServerFrame.
             * @typedef {Object} patx.v1.ServerFrame.$Properties
             * @property {number|null} [requestId] ServerFrame requestId
             * @property {patx.v1.Challenge.$Properties|null} [challenge] ServerFrame challenge
             * @property {patx.v1.LoginAccepted.$Properties|null} [loginAccepted] ServerFrame loginAccepted
             * @property {patx.v1.Heartbeat.$Properties|null} [heartbeat] ServerFrame heartbeat
             * @property {patx.v1.Error.$Properties|null} [error] ServerFrame error
             * @property {patx.v1.CommandAck.$Properties|null} [commandAck] ServerFrame commandAck
             * @property {patx.v1.ExecutionReport.$Properties|null} [executionReport] ServerFrame executionReport
             * @property {patx.v1.ForwardDelivery.$Properties|null} [forwardDelivery] ServerFrame forwardDelivery
             * @property {patx.v1.SyntheticLiquidation.$Properties|null} [syntheticLiquidation] ServerFrame syntheticLiquidation
             * @property {patx.v1.SyntheticSettlement.$Properties|null} [syntheticSettlement] ServerFrame syntheticSettlement
             * @property {patx.v1.SubscriptionUpdate.$Properties|null} [subscriptionUpdate] ServerFrame subscriptionUpdate
             * @property {patx.v1.MarginTopUp.$Properties|null} [marginTopUp] ServerFrame marginTopUp
             * @property {patx.v1.GrantIssued.$Properties|null} [grantIssued] ServerFrame grantIssued
             * @property {patx.v1.AccountView.$Properties|null} [accountView] ServerFrame accountView
             * @property {patx.v1.OpenOrders.$Properties|null} [openOrders] ServerFrame openOrders
             * @property {patx.v1.OrderStatus.$Properties|null} [orderStatus] ServerFrame orderStatus
             * @property {patx.v1.SeriesList.$Properties|null} [seriesList] ServerFrame seriesList
             * @property {patx.v1.Subscribed.$Properties|null} [subscribed] ServerFrame subscribed
             * @property {patx.v1.Unsubscribed.$Properties|null} [unsubscribed] ServerFrame unsubscribed
             * @property {patx.v1.BookSnapshot.$Properties|null} [bookSnapshot] ServerFrame bookSnapshot
             * @property {patx.v1.BookUpdate.$Properties|null} [bookUpdate] ServerFrame bookUpdate
             * @property {patx.v1.QuoteLadder.$Properties|null} [quoteLadder] ServerFrame quoteLadder
             * @property {patx.v1.ReferencePrice.$Properties|null} [referencePrice] ServerFrame referencePrice
             * @property {patx.v1.SeriesStatusUpdate.$Properties|null} [seriesStatus] ServerFrame seriesStatus
             * @property {patx.v1.Trades.$Properties|null} [trades] ServerFrame trades
             * @property {patx.v1.ForwardCurve.$Properties|null} [forwardCurve] ServerFrame forwardCurve
             * @property {patx.v1.SyntheticMark.$Properties|null} [syntheticMark] ServerFrame syntheticMark
             * @property {patx.v1.SettlementIndex.$Properties|null} [settlementIndex] ServerFrame settlementIndex
             * @property {patx.v1.OptionModel.$Properties|null} [optionModel] ServerFrame optionModel
             * @property {"challenge"|"loginAccepted"|"heartbeat"|"error"|"commandAck"|"executionReport"|"forwardDelivery"|"syntheticLiquidation"|"syntheticSettlement"|"subscriptionUpdate"|"marginTopUp"|"grantIssued"|"accountView"|"openOrders"|"orderStatus"|"seriesList"|"subscribed"|"unsubscribed"|"bookSnapshot"|"bookUpdate"|"quoteLadder"|"referencePrice"|"seriesStatus"|"trades"|"forwardCurve"|"syntheticMark"|"settlementIndex"|"optionModel"} [body] ServerFrame body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ServerFrame.
             * @memberof patx.v1
             * @interface IServerFrame
             * @augments patx.v1.ServerFrame.$Properties
             * @deprecated Use patx.v1.ServerFrame.$Properties instead.
             */

            /**
             * Narrowed shape of a ServerFrame.
             * @typedef {{
             *   requestId?: number|null;
             *   challenge?: patx.v1.Challenge.$Shape|null;
             *   loginAccepted?: patx.v1.LoginAccepted.$Shape|null;
             *   heartbeat?: patx.v1.Heartbeat.$Shape|null;
             *   error?: patx.v1.Error.$Shape|null;
             *   commandAck?: patx.v1.CommandAck.$Shape|null;
             *   executionReport?: patx.v1.ExecutionReport.$Shape|null;
             *   forwardDelivery?: patx.v1.ForwardDelivery.$Shape|null;
             *   syntheticLiquidation?: patx.v1.SyntheticLiquidation.$Shape|null;
             *   syntheticSettlement?: patx.v1.SyntheticSettlement.$Shape|null;
             *   subscriptionUpdate?: patx.v1.SubscriptionUpdate.$Shape|null;
             *   marginTopUp?: patx.v1.MarginTopUp.$Shape|null;
             *   grantIssued?: patx.v1.GrantIssued.$Shape|null;
             *   accountView?: patx.v1.AccountView.$Shape|null;
             *   openOrders?: patx.v1.OpenOrders.$Shape|null;
             *   orderStatus?: patx.v1.OrderStatus.$Shape|null;
             *   seriesList?: patx.v1.SeriesList.$Shape|null;
             *   subscribed?: patx.v1.Subscribed.$Shape|null;
             *   unsubscribed?: patx.v1.Unsubscribed.$Shape|null;
             *   bookSnapshot?: patx.v1.BookSnapshot.$Shape|null;
             *   bookUpdate?: patx.v1.BookUpdate.$Shape|null;
             *   quoteLadder?: patx.v1.QuoteLadder.$Shape|null;
             *   referencePrice?: patx.v1.ReferencePrice.$Shape|null;
             *   seriesStatus?: patx.v1.SeriesStatusUpdate.$Shape|null;
             *   trades?: patx.v1.Trades.$Shape|null;
             *   forwardCurve?: patx.v1.ForwardCurve.$Shape|null;
             *   syntheticMark?: patx.v1.SyntheticMark.$Shape|null;
             *   settlementIndex?: patx.v1.SettlementIndex.$Shape|null;
             *   optionModel?: patx.v1.OptionModel.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "challenge"; challenge: patx.v1.Challenge.$Shape; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "loginAccepted"; challenge?: null; loginAccepted: patx.v1.LoginAccepted.$Shape; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "heartbeat"; challenge?: null; loginAccepted?: null; heartbeat: patx.v1.Heartbeat.$Shape; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "error"; challenge?: null; loginAccepted?: null; heartbeat?: null; error: patx.v1.Error.$Shape; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "commandAck"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck: patx.v1.CommandAck.$Shape; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "executionReport"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport: patx.v1.ExecutionReport.$Shape; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "forwardDelivery"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery: patx.v1.ForwardDelivery.$Shape; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "syntheticLiquidation"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation: patx.v1.SyntheticLiquidation.$Shape; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "syntheticSettlement"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement: patx.v1.SyntheticSettlement.$Shape; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "subscriptionUpdate"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate: patx.v1.SubscriptionUpdate.$Shape; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "marginTopUp"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp: patx.v1.MarginTopUp.$Shape; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "grantIssued"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued: patx.v1.GrantIssued.$Shape; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "accountView"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView: patx.v1.AccountView.$Shape; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "openOrders"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders: patx.v1.OpenOrders.$Shape; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "orderStatus"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus: patx.v1.OrderStatus.$Shape; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "seriesList"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList: patx.v1.SeriesList.$Shape; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "subscribed"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed: patx.v1.Subscribed.$Shape; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "unsubscribed"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed: patx.v1.Unsubscribed.$Shape; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "bookSnapshot"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot: patx.v1.BookSnapshot.$Shape; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "bookUpdate"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate: patx.v1.BookUpdate.$Shape; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "quoteLadder"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder: patx.v1.QuoteLadder.$Shape; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "referencePrice"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice: patx.v1.ReferencePrice.$Shape; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "seriesStatus"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus: patx.v1.SeriesStatusUpdate.$Shape; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "trades"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades: patx.v1.Trades.$Shape; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "forwardCurve"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve: patx.v1.ForwardCurve.$Shape; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "syntheticMark"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark: patx.v1.SyntheticMark.$Shape; settlementIndex?: null; optionModel?: null }|{ body?: "settlementIndex"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex: patx.v1.SettlementIndex.$Shape; optionModel?: null }|{ body?: "optionModel"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel: patx.v1.OptionModel.$Shape })
             * )} patx.v1.ServerFrame.$Shape
             */

            /**
             * Constructs a new ServerFrame.
             * @memberof patx.v1
             * @classdesc Represents a ServerFrame.
             * @constructor
             * @param {patx.v1.ServerFrame.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ServerFrame = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ServerFrame requestId.
             * @member {number} requestId
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.requestId = 0;

            /**
             * ServerFrame challenge.
             * @member {patx.v1.Challenge.$Properties|null|undefined} challenge
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.challenge = null;

            /**
             * ServerFrame loginAccepted.
             * @member {patx.v1.LoginAccepted.$Properties|null|undefined} loginAccepted
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.loginAccepted = null;

            /**
             * ServerFrame heartbeat.
             * @member {patx.v1.Heartbeat.$Properties|null|undefined} heartbeat
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.heartbeat = null;

            /**
             * ServerFrame error.
             * @member {patx.v1.Error.$Properties|null|undefined} error
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.error = null;

            /**
             * ServerFrame commandAck.
             * @member {patx.v1.CommandAck.$Properties|null|undefined} commandAck
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.commandAck = null;

            /**
             * ServerFrame executionReport.
             * @member {patx.v1.ExecutionReport.$Properties|null|undefined} executionReport
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.executionReport = null;

            /**
             * ServerFrame forwardDelivery.
             * @member {patx.v1.ForwardDelivery.$Properties|null|undefined} forwardDelivery
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.forwardDelivery = null;

            /**
             * ServerFrame syntheticLiquidation.
             * @member {patx.v1.SyntheticLiquidation.$Properties|null|undefined} syntheticLiquidation
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.syntheticLiquidation = null;

            /**
             * ServerFrame syntheticSettlement.
             * @member {patx.v1.SyntheticSettlement.$Properties|null|undefined} syntheticSettlement
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.syntheticSettlement = null;

            /**
             * ServerFrame subscriptionUpdate.
             * @member {patx.v1.SubscriptionUpdate.$Properties|null|undefined} subscriptionUpdate
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.subscriptionUpdate = null;

            /**
             * ServerFrame marginTopUp.
             * @member {patx.v1.MarginTopUp.$Properties|null|undefined} marginTopUp
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.marginTopUp = null;

            /**
             * ServerFrame grantIssued.
             * @member {patx.v1.GrantIssued.$Properties|null|undefined} grantIssued
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.grantIssued = null;

            /**
             * ServerFrame accountView.
             * @member {patx.v1.AccountView.$Properties|null|undefined} accountView
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.accountView = null;

            /**
             * ServerFrame openOrders.
             * @member {patx.v1.OpenOrders.$Properties|null|undefined} openOrders
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.openOrders = null;

            /**
             * ServerFrame orderStatus.
             * @member {patx.v1.OrderStatus.$Properties|null|undefined} orderStatus
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.orderStatus = null;

            /**
             * ServerFrame seriesList.
             * @member {patx.v1.SeriesList.$Properties|null|undefined} seriesList
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.seriesList = null;

            /**
             * ServerFrame subscribed.
             * @member {patx.v1.Subscribed.$Properties|null|undefined} subscribed
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.subscribed = null;

            /**
             * ServerFrame unsubscribed.
             * @member {patx.v1.Unsubscribed.$Properties|null|undefined} unsubscribed
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.unsubscribed = null;

            /**
             * ServerFrame bookSnapshot.
             * @member {patx.v1.BookSnapshot.$Properties|null|undefined} bookSnapshot
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.bookSnapshot = null;

            /**
             * ServerFrame bookUpdate.
             * @member {patx.v1.BookUpdate.$Properties|null|undefined} bookUpdate
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.bookUpdate = null;

            /**
             * ServerFrame quoteLadder.
             * @member {patx.v1.QuoteLadder.$Properties|null|undefined} quoteLadder
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.quoteLadder = null;

            /**
             * ServerFrame referencePrice.
             * @member {patx.v1.ReferencePrice.$Properties|null|undefined} referencePrice
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.referencePrice = null;

            /**
             * ServerFrame seriesStatus.
             * @member {patx.v1.SeriesStatusUpdate.$Properties|null|undefined} seriesStatus
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.seriesStatus = null;

            /**
             * ServerFrame trades.
             * @member {patx.v1.Trades.$Properties|null|undefined} trades
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.trades = null;

            /**
             * ServerFrame forwardCurve.
             * @member {patx.v1.ForwardCurve.$Properties|null|undefined} forwardCurve
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.forwardCurve = null;

            /**
             * ServerFrame syntheticMark.
             * @member {patx.v1.SyntheticMark.$Properties|null|undefined} syntheticMark
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.syntheticMark = null;

            /**
             * ServerFrame settlementIndex.
             * @member {patx.v1.SettlementIndex.$Properties|null|undefined} settlementIndex
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.settlementIndex = null;

            /**
             * ServerFrame optionModel.
             * @member {patx.v1.OptionModel.$Properties|null|undefined} optionModel
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            ServerFrame.prototype.optionModel = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * ServerFrame body.
             * @member {"challenge"|"loginAccepted"|"heartbeat"|"error"|"commandAck"|"executionReport"|"forwardDelivery"|"syntheticLiquidation"|"syntheticSettlement"|"subscriptionUpdate"|"marginTopUp"|"grantIssued"|"accountView"|"openOrders"|"orderStatus"|"seriesList"|"subscribed"|"unsubscribed"|"bookSnapshot"|"bookUpdate"|"quoteLadder"|"referencePrice"|"seriesStatus"|"trades"|"forwardCurve"|"syntheticMark"|"settlementIndex"|"optionModel"|undefined} body
             * @memberof patx.v1.ServerFrame
             * @instance
             */
            $Object.defineProperty(ServerFrame.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["challenge", "loginAccepted", "heartbeat", "error", "commandAck", "executionReport", "forwardDelivery", "syntheticLiquidation", "syntheticSettlement", "subscriptionUpdate", "marginTopUp", "grantIssued", "accountView", "openOrders", "orderStatus", "seriesList", "subscribed", "unsubscribed", "bookSnapshot", "bookUpdate", "quoteLadder", "referencePrice", "seriesStatus", "trades", "forwardCurve", "syntheticMark", "settlementIndex", "optionModel"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new ServerFrame instance using the specified properties.
             * @function create
             * @memberof patx.v1.ServerFrame
             * @static
             * @param {patx.v1.ServerFrame.$Properties=} [properties] Properties to set
             * @returns {patx.v1.ServerFrame} ServerFrame instance
             * @type {{
             *   (properties: patx.v1.ServerFrame.$Shape): patx.v1.ServerFrame & patx.v1.ServerFrame.$Shape;
             *   (properties?: patx.v1.ServerFrame.$Properties): patx.v1.ServerFrame;
             * }}
             */
            ServerFrame.create = function(properties) {
                return new ServerFrame(properties);
            };

            /**
             * Encodes the specified ServerFrame message. Does not implicitly {@link patx.v1.ServerFrame.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.ServerFrame
             * @static
             * @param {patx.v1.ServerFrame.$Properties} message ServerFrame message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ServerFrame.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.requestId != null && $Object.hasOwnProperty.call(message, "requestId") && message.requestId !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.requestId);
                if (message.challenge != null && $Object.hasOwnProperty.call(message, "challenge"))
                    $root.patx.v1.Challenge.encode(message.challenge, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.loginAccepted != null && $Object.hasOwnProperty.call(message, "loginAccepted"))
                    $root.patx.v1.LoginAccepted.encode(message.loginAccepted, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat"))
                    $root.patx.v1.Heartbeat.encode(message.heartbeat, writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
                if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                    $root.patx.v1.Error.encode(message.error, writer.uint32(/* id 13, wireType 2 =*/106).fork(), _depth + 1).ldelim();
                if (message.commandAck != null && $Object.hasOwnProperty.call(message, "commandAck"))
                    $root.patx.v1.CommandAck.encode(message.commandAck, writer.uint32(/* id 20, wireType 2 =*/162).fork(), _depth + 1).ldelim();
                if (message.executionReport != null && $Object.hasOwnProperty.call(message, "executionReport"))
                    $root.patx.v1.ExecutionReport.encode(message.executionReport, writer.uint32(/* id 21, wireType 2 =*/170).fork(), _depth + 1).ldelim();
                if (message.forwardDelivery != null && $Object.hasOwnProperty.call(message, "forwardDelivery"))
                    $root.patx.v1.ForwardDelivery.encode(message.forwardDelivery, writer.uint32(/* id 22, wireType 2 =*/178).fork(), _depth + 1).ldelim();
                if (message.syntheticLiquidation != null && $Object.hasOwnProperty.call(message, "syntheticLiquidation"))
                    $root.patx.v1.SyntheticLiquidation.encode(message.syntheticLiquidation, writer.uint32(/* id 23, wireType 2 =*/186).fork(), _depth + 1).ldelim();
                if (message.syntheticSettlement != null && $Object.hasOwnProperty.call(message, "syntheticSettlement"))
                    $root.patx.v1.SyntheticSettlement.encode(message.syntheticSettlement, writer.uint32(/* id 24, wireType 2 =*/194).fork(), _depth + 1).ldelim();
                if (message.subscriptionUpdate != null && $Object.hasOwnProperty.call(message, "subscriptionUpdate"))
                    $root.patx.v1.SubscriptionUpdate.encode(message.subscriptionUpdate, writer.uint32(/* id 25, wireType 2 =*/202).fork(), _depth + 1).ldelim();
                if (message.marginTopUp != null && $Object.hasOwnProperty.call(message, "marginTopUp"))
                    $root.patx.v1.MarginTopUp.encode(message.marginTopUp, writer.uint32(/* id 26, wireType 2 =*/210).fork(), _depth + 1).ldelim();
                if (message.grantIssued != null && $Object.hasOwnProperty.call(message, "grantIssued"))
                    $root.patx.v1.GrantIssued.encode(message.grantIssued, writer.uint32(/* id 27, wireType 2 =*/218).fork(), _depth + 1).ldelim();
                if (message.accountView != null && $Object.hasOwnProperty.call(message, "accountView"))
                    $root.patx.v1.AccountView.encode(message.accountView, writer.uint32(/* id 30, wireType 2 =*/242).fork(), _depth + 1).ldelim();
                if (message.openOrders != null && $Object.hasOwnProperty.call(message, "openOrders"))
                    $root.patx.v1.OpenOrders.encode(message.openOrders, writer.uint32(/* id 31, wireType 2 =*/250).fork(), _depth + 1).ldelim();
                if (message.orderStatus != null && $Object.hasOwnProperty.call(message, "orderStatus"))
                    $root.patx.v1.OrderStatus.encode(message.orderStatus, writer.uint32(/* id 32, wireType 2 =*/258).fork(), _depth + 1).ldelim();
                if (message.seriesList != null && $Object.hasOwnProperty.call(message, "seriesList"))
                    $root.patx.v1.SeriesList.encode(message.seriesList, writer.uint32(/* id 40, wireType 2 =*/322).fork(), _depth + 1).ldelim();
                if (message.subscribed != null && $Object.hasOwnProperty.call(message, "subscribed"))
                    $root.patx.v1.Subscribed.encode(message.subscribed, writer.uint32(/* id 41, wireType 2 =*/330).fork(), _depth + 1).ldelim();
                if (message.unsubscribed != null && $Object.hasOwnProperty.call(message, "unsubscribed"))
                    $root.patx.v1.Unsubscribed.encode(message.unsubscribed, writer.uint32(/* id 42, wireType 2 =*/338).fork(), _depth + 1).ldelim();
                if (message.bookSnapshot != null && $Object.hasOwnProperty.call(message, "bookSnapshot"))
                    $root.patx.v1.BookSnapshot.encode(message.bookSnapshot, writer.uint32(/* id 50, wireType 2 =*/402).fork(), _depth + 1).ldelim();
                if (message.bookUpdate != null && $Object.hasOwnProperty.call(message, "bookUpdate"))
                    $root.patx.v1.BookUpdate.encode(message.bookUpdate, writer.uint32(/* id 51, wireType 2 =*/410).fork(), _depth + 1).ldelim();
                if (message.quoteLadder != null && $Object.hasOwnProperty.call(message, "quoteLadder"))
                    $root.patx.v1.QuoteLadder.encode(message.quoteLadder, writer.uint32(/* id 53, wireType 2 =*/426).fork(), _depth + 1).ldelim();
                if (message.referencePrice != null && $Object.hasOwnProperty.call(message, "referencePrice"))
                    $root.patx.v1.ReferencePrice.encode(message.referencePrice, writer.uint32(/* id 54, wireType 2 =*/434).fork(), _depth + 1).ldelim();
                if (message.seriesStatus != null && $Object.hasOwnProperty.call(message, "seriesStatus"))
                    $root.patx.v1.SeriesStatusUpdate.encode(message.seriesStatus, writer.uint32(/* id 55, wireType 2 =*/442).fork(), _depth + 1).ldelim();
                if (message.trades != null && $Object.hasOwnProperty.call(message, "trades"))
                    $root.patx.v1.Trades.encode(message.trades, writer.uint32(/* id 56, wireType 2 =*/450).fork(), _depth + 1).ldelim();
                if (message.forwardCurve != null && $Object.hasOwnProperty.call(message, "forwardCurve"))
                    $root.patx.v1.ForwardCurve.encode(message.forwardCurve, writer.uint32(/* id 57, wireType 2 =*/458).fork(), _depth + 1).ldelim();
                if (message.syntheticMark != null && $Object.hasOwnProperty.call(message, "syntheticMark"))
                    $root.patx.v1.SyntheticMark.encode(message.syntheticMark, writer.uint32(/* id 58, wireType 2 =*/466).fork(), _depth + 1).ldelim();
                if (message.settlementIndex != null && $Object.hasOwnProperty.call(message, "settlementIndex"))
                    $root.patx.v1.SettlementIndex.encode(message.settlementIndex, writer.uint32(/* id 59, wireType 2 =*/474).fork(), _depth + 1).ldelim();
                if (message.optionModel != null && $Object.hasOwnProperty.call(message, "optionModel"))
                    $root.patx.v1.OptionModel.encode(message.optionModel, writer.uint32(/* id 60, wireType 2 =*/482).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ServerFrame message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.ServerFrame
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.ServerFrame & patx.v1.ServerFrame.$Shape} ServerFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ServerFrame.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.ServerFrame();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.requestId = value;
                            else
                                delete message.requestId;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.challenge = $root.patx.v1.Challenge.decode(reader, reader.size(), $undefined, _depth + 1, message.challenge);
                            message.body = "challenge";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.loginAccepted = $root.patx.v1.LoginAccepted.decode(reader, reader.size(), $undefined, _depth + 1, message.loginAccepted);
                            message.body = "loginAccepted";
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            message.heartbeat = $root.patx.v1.Heartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.heartbeat);
                            message.body = "heartbeat";
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            message.error = $root.patx.v1.Error.decode(reader, reader.size(), $undefined, _depth + 1, message.error);
                            message.body = "error";
                            continue;
                        }
                    case 20: {
                            if (wireType !== 2)
                                break;
                            message.commandAck = $root.patx.v1.CommandAck.decode(reader, reader.size(), $undefined, _depth + 1, message.commandAck);
                            message.body = "commandAck";
                            continue;
                        }
                    case 21: {
                            if (wireType !== 2)
                                break;
                            message.executionReport = $root.patx.v1.ExecutionReport.decode(reader, reader.size(), $undefined, _depth + 1, message.executionReport);
                            message.body = "executionReport";
                            continue;
                        }
                    case 22: {
                            if (wireType !== 2)
                                break;
                            message.forwardDelivery = $root.patx.v1.ForwardDelivery.decode(reader, reader.size(), $undefined, _depth + 1, message.forwardDelivery);
                            message.body = "forwardDelivery";
                            continue;
                        }
                    case 23: {
                            if (wireType !== 2)
                                break;
                            message.syntheticLiquidation = $root.patx.v1.SyntheticLiquidation.decode(reader, reader.size(), $undefined, _depth + 1, message.syntheticLiquidation);
                            message.body = "syntheticLiquidation";
                            continue;
                        }
                    case 24: {
                            if (wireType !== 2)
                                break;
                            message.syntheticSettlement = $root.patx.v1.SyntheticSettlement.decode(reader, reader.size(), $undefined, _depth + 1, message.syntheticSettlement);
                            message.body = "syntheticSettlement";
                            continue;
                        }
                    case 25: {
                            if (wireType !== 2)
                                break;
                            message.subscriptionUpdate = $root.patx.v1.SubscriptionUpdate.decode(reader, reader.size(), $undefined, _depth + 1, message.subscriptionUpdate);
                            message.body = "subscriptionUpdate";
                            continue;
                        }
                    case 26: {
                            if (wireType !== 2)
                                break;
                            message.marginTopUp = $root.patx.v1.MarginTopUp.decode(reader, reader.size(), $undefined, _depth + 1, message.marginTopUp);
                            message.body = "marginTopUp";
                            continue;
                        }
                    case 27: {
                            if (wireType !== 2)
                                break;
                            message.grantIssued = $root.patx.v1.GrantIssued.decode(reader, reader.size(), $undefined, _depth + 1, message.grantIssued);
                            message.body = "grantIssued";
                            continue;
                        }
                    case 30: {
                            if (wireType !== 2)
                                break;
                            message.accountView = $root.patx.v1.AccountView.decode(reader, reader.size(), $undefined, _depth + 1, message.accountView);
                            message.body = "accountView";
                            continue;
                        }
                    case 31: {
                            if (wireType !== 2)
                                break;
                            message.openOrders = $root.patx.v1.OpenOrders.decode(reader, reader.size(), $undefined, _depth + 1, message.openOrders);
                            message.body = "openOrders";
                            continue;
                        }
                    case 32: {
                            if (wireType !== 2)
                                break;
                            message.orderStatus = $root.patx.v1.OrderStatus.decode(reader, reader.size(), $undefined, _depth + 1, message.orderStatus);
                            message.body = "orderStatus";
                            continue;
                        }
                    case 40: {
                            if (wireType !== 2)
                                break;
                            message.seriesList = $root.patx.v1.SeriesList.decode(reader, reader.size(), $undefined, _depth + 1, message.seriesList);
                            message.body = "seriesList";
                            continue;
                        }
                    case 41: {
                            if (wireType !== 2)
                                break;
                            message.subscribed = $root.patx.v1.Subscribed.decode(reader, reader.size(), $undefined, _depth + 1, message.subscribed);
                            message.body = "subscribed";
                            continue;
                        }
                    case 42: {
                            if (wireType !== 2)
                                break;
                            message.unsubscribed = $root.patx.v1.Unsubscribed.decode(reader, reader.size(), $undefined, _depth + 1, message.unsubscribed);
                            message.body = "unsubscribed";
                            continue;
                        }
                    case 50: {
                            if (wireType !== 2)
                                break;
                            message.bookSnapshot = $root.patx.v1.BookSnapshot.decode(reader, reader.size(), $undefined, _depth + 1, message.bookSnapshot);
                            message.body = "bookSnapshot";
                            continue;
                        }
                    case 51: {
                            if (wireType !== 2)
                                break;
                            message.bookUpdate = $root.patx.v1.BookUpdate.decode(reader, reader.size(), $undefined, _depth + 1, message.bookUpdate);
                            message.body = "bookUpdate";
                            continue;
                        }
                    case 53: {
                            if (wireType !== 2)
                                break;
                            message.quoteLadder = $root.patx.v1.QuoteLadder.decode(reader, reader.size(), $undefined, _depth + 1, message.quoteLadder);
                            message.body = "quoteLadder";
                            continue;
                        }
                    case 54: {
                            if (wireType !== 2)
                                break;
                            message.referencePrice = $root.patx.v1.ReferencePrice.decode(reader, reader.size(), $undefined, _depth + 1, message.referencePrice);
                            message.body = "referencePrice";
                            continue;
                        }
                    case 55: {
                            if (wireType !== 2)
                                break;
                            message.seriesStatus = $root.patx.v1.SeriesStatusUpdate.decode(reader, reader.size(), $undefined, _depth + 1, message.seriesStatus);
                            message.body = "seriesStatus";
                            continue;
                        }
                    case 56: {
                            if (wireType !== 2)
                                break;
                            message.trades = $root.patx.v1.Trades.decode(reader, reader.size(), $undefined, _depth + 1, message.trades);
                            message.body = "trades";
                            continue;
                        }
                    case 57: {
                            if (wireType !== 2)
                                break;
                            message.forwardCurve = $root.patx.v1.ForwardCurve.decode(reader, reader.size(), $undefined, _depth + 1, message.forwardCurve);
                            message.body = "forwardCurve";
                            continue;
                        }
                    case 58: {
                            if (wireType !== 2)
                                break;
                            message.syntheticMark = $root.patx.v1.SyntheticMark.decode(reader, reader.size(), $undefined, _depth + 1, message.syntheticMark);
                            message.body = "syntheticMark";
                            continue;
                        }
                    case 59: {
                            if (wireType !== 2)
                                break;
                            message.settlementIndex = $root.patx.v1.SettlementIndex.decode(reader, reader.size(), $undefined, _depth + 1, message.settlementIndex);
                            message.body = "settlementIndex";
                            continue;
                        }
                    case 60: {
                            if (wireType !== 2)
                                break;
                            message.optionModel = $root.patx.v1.OptionModel.decode(reader, reader.size(), $undefined, _depth + 1, message.optionModel);
                            message.body = "optionModel";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ServerFrame;
        })();

        /**
         * Side enum.
         * @name patx.v1.Side
         * @enum {number}
         * @property {number} SIDE_UNSPECIFIED=0 SIDE_UNSPECIFIED value
         * @property {number} BUY=1 BUY value
         * @property {number} SELL=2 SELL value
         */
        v1.Side = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SIDE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "BUY"] = 1;
            values[valuesById[2] = "SELL"] = 2;
            return values;
        })();

        /**
         * OrderType enum.
         * @name patx.v1.OrderType
         * @enum {number}
         * @property {number} ORDER_TYPE_UNSPECIFIED=0 ORDER_TYPE_UNSPECIFIED value
         * @property {number} LIMIT=1 LIMIT value
         * @property {number} MARKET=2 MARKET value
         */
        v1.OrderType = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ORDER_TYPE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "LIMIT"] = 1;
            values[valuesById[2] = "MARKET"] = 2;
            return values;
        })();

        /**
         * TimeInForce enum.
         * @name patx.v1.TimeInForce
         * @enum {number}
         * @property {number} TIME_IN_FORCE_UNSPECIFIED=0 TIME_IN_FORCE_UNSPECIFIED value
         * @property {number} GTC=1 GTC value
         * @property {number} GTD=2 GTD value
         * @property {number} IOC=3 IOC value
         * @property {number} FOK=4 FOK value
         */
        v1.TimeInForce = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "TIME_IN_FORCE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "GTC"] = 1;
            values[valuesById[2] = "GTD"] = 2;
            values[valuesById[3] = "IOC"] = 3;
            values[valuesById[4] = "FOK"] = 4;
            return values;
        })();

        /**
         * SelfTradePrevention enum.
         * @name patx.v1.SelfTradePrevention
         * @enum {number}
         * @property {number} SELF_TRADE_PREVENTION_UNSPECIFIED=0 SELF_TRADE_PREVENTION_UNSPECIFIED value
         * @property {number} CANCEL_NEWEST=1 CANCEL_NEWEST value
         * @property {number} CANCEL_OLDEST=2 CANCEL_OLDEST value
         * @property {number} CANCEL_BOTH=3 CANCEL_BOTH value
         * @property {number} DECREMENT=4 DECREMENT value
         */
        v1.SelfTradePrevention = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SELF_TRADE_PREVENTION_UNSPECIFIED"] = 0;
            values[valuesById[1] = "CANCEL_NEWEST"] = 1;
            values[valuesById[2] = "CANCEL_OLDEST"] = 2;
            values[valuesById[3] = "CANCEL_BOTH"] = 3;
            values[valuesById[4] = "DECREMENT"] = 4;
            return values;
        })();

        /**
         * Role enum.
         * @name patx.v1.Role
         * @enum {number}
         * @property {number} ROLE_UNSPECIFIED=0 ROLE_UNSPECIFIED value
         * @property {number} CONSUMER=1 CONSUMER value
         * @property {number} PROVIDER=2 PROVIDER value
         * @property {number} BROKER=3 BROKER value
         * @property {number} INSTITUTION=4 INSTITUTION value
         * @property {number} OPERATOR=5 OPERATOR value
         */
        v1.Role = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ROLE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "CONSUMER"] = 1;
            values[valuesById[2] = "PROVIDER"] = 2;
            values[valuesById[3] = "BROKER"] = 3;
            values[valuesById[4] = "INSTITUTION"] = 4;
            values[valuesById[5] = "OPERATOR"] = 5;
            return values;
        })();

        /**
         * MassCancelScope enum.
         * @name patx.v1.MassCancelScope
         * @enum {number}
         * @property {number} MASS_CANCEL_SCOPE_UNSPECIFIED=0 MASS_CANCEL_SCOPE_UNSPECIFIED value
         * @property {number} ACCOUNT=1 ACCOUNT value
         * @property {number} SERIES=2 SERIES value
         * @property {number} ALL=3 ALL value
         */
        v1.MassCancelScope = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "MASS_CANCEL_SCOPE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ACCOUNT"] = 1;
            values[valuesById[2] = "SERIES"] = 2;
            values[valuesById[3] = "ALL"] = 3;
            return values;
        })();

        /**
         * SeriesKind enum.
         * @name patx.v1.SeriesKind
         * @enum {number}
         * @property {number} SERIES_KIND_UNSPECIFIED=0 SERIES_KIND_UNSPECIFIED value
         * @property {number} SPOT=1 SPOT value
         * @property {number} FORWARD=2 FORWARD value
         * @property {number} SYNTHETIC=3 SYNTHETIC value
         * @property {number} CALL=4 CALL value
         * @property {number} PUT=5 PUT value
         */
        v1.SeriesKind = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SERIES_KIND_UNSPECIFIED"] = 0;
            values[valuesById[1] = "SPOT"] = 1;
            values[valuesById[2] = "FORWARD"] = 2;
            values[valuesById[3] = "SYNTHETIC"] = 3;
            values[valuesById[4] = "CALL"] = 4;
            values[valuesById[5] = "PUT"] = 5;
            return values;
        })();

        /**
         * SeriesStatus enum.
         * @name patx.v1.SeriesStatus
         * @enum {number}
         * @property {number} SERIES_STATUS_UNSPECIFIED=0 SERIES_STATUS_UNSPECIFIED value
         * @property {number} TRADING=1 TRADING value
         * @property {number} HALTED=2 HALTED value
         * @property {number} EXPIRED=3 EXPIRED value
         */
        v1.SeriesStatus = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SERIES_STATUS_UNSPECIFIED"] = 0;
            values[valuesById[1] = "TRADING"] = 1;
            values[valuesById[2] = "HALTED"] = 2;
            values[valuesById[3] = "EXPIRED"] = 3;
            return values;
        })();

        /**
         * ExecType enum.
         * @name patx.v1.ExecType
         * @enum {number}
         * @property {number} EXEC_TYPE_UNSPECIFIED=0 EXEC_TYPE_UNSPECIFIED value
         * @property {number} EXEC_NEW=1 EXEC_NEW value
         * @property {number} EXEC_TRADE=2 EXEC_TRADE value
         * @property {number} EXEC_CANCELED=3 EXEC_CANCELED value
         * @property {number} EXEC_REPLACED=4 EXEC_REPLACED value
         * @property {number} EXEC_REJECTED=5 EXEC_REJECTED value
         * @property {number} EXEC_EXPIRED=6 EXEC_EXPIRED value
         */
        v1.ExecType = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "EXEC_TYPE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "EXEC_NEW"] = 1;
            values[valuesById[2] = "EXEC_TRADE"] = 2;
            values[valuesById[3] = "EXEC_CANCELED"] = 3;
            values[valuesById[4] = "EXEC_REPLACED"] = 4;
            values[valuesById[5] = "EXEC_REJECTED"] = 5;
            values[valuesById[6] = "EXEC_EXPIRED"] = 6;
            return values;
        })();

        /**
         * OrdStatus enum.
         * @name patx.v1.OrdStatus
         * @enum {number}
         * @property {number} ORD_STATUS_UNSPECIFIED=0 ORD_STATUS_UNSPECIFIED value
         * @property {number} ORDER_NEW=1 ORDER_NEW value
         * @property {number} ORDER_PARTIALLY_FILLED=2 ORDER_PARTIALLY_FILLED value
         * @property {number} ORDER_FILLED=3 ORDER_FILLED value
         * @property {number} ORDER_CANCELED=4 ORDER_CANCELED value
         * @property {number} ORDER_REJECTED=5 ORDER_REJECTED value
         * @property {number} ORDER_EXPIRED=6 ORDER_EXPIRED value
         */
        v1.OrdStatus = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ORD_STATUS_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ORDER_NEW"] = 1;
            values[valuesById[2] = "ORDER_PARTIALLY_FILLED"] = 2;
            values[valuesById[3] = "ORDER_FILLED"] = 3;
            values[valuesById[4] = "ORDER_CANCELED"] = 4;
            values[valuesById[5] = "ORDER_REJECTED"] = 5;
            values[valuesById[6] = "ORDER_EXPIRED"] = 6;
            return values;
        })();

        /**
         * CancelReason enum.
         * @name patx.v1.CancelReason
         * @enum {number}
         * @property {number} CANCEL_REASON_UNSPECIFIED=0 CANCEL_REASON_UNSPECIFIED value
         * @property {number} USER=1 USER value
         * @property {number} IOC_REMAINDER=2 IOC_REMAINDER value
         * @property {number} MARKET_PROTECTION=3 MARKET_PROTECTION value
         * @property {number} SELF_TRADE=4 SELF_TRADE value
         * @property {number} MASS_CANCEL=5 MASS_CANCEL value
         * @property {number} QUOTE_REPLACED=6 QUOTE_REPLACED value
         * @property {number} NO_LIQUIDITY=7 NO_LIQUIDITY value
         * @property {number} KILL_SWITCH=20 KILL_SWITCH value
         * @property {number} MARKET_MAKER_PROTECTION=21 MARKET_MAKER_PROTECTION value
         * @property {number} FORWARD_DELIVERY=22 FORWARD_DELIVERY value
         * @property {number} LIQUIDATION=23 LIQUIDATION value
         * @property {number} CANCEL_ON_DISCONNECT=24 CANCEL_ON_DISCONNECT value
         */
        v1.CancelReason = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "CANCEL_REASON_UNSPECIFIED"] = 0;
            values[valuesById[1] = "USER"] = 1;
            values[valuesById[2] = "IOC_REMAINDER"] = 2;
            values[valuesById[3] = "MARKET_PROTECTION"] = 3;
            values[valuesById[4] = "SELF_TRADE"] = 4;
            values[valuesById[5] = "MASS_CANCEL"] = 5;
            values[valuesById[6] = "QUOTE_REPLACED"] = 6;
            values[valuesById[7] = "NO_LIQUIDITY"] = 7;
            values[valuesById[20] = "KILL_SWITCH"] = 20;
            values[valuesById[21] = "MARKET_MAKER_PROTECTION"] = 21;
            values[valuesById[22] = "FORWARD_DELIVERY"] = 22;
            values[valuesById[23] = "LIQUIDATION"] = 23;
            values[valuesById[24] = "CANCEL_ON_DISCONNECT"] = 24;
            return values;
        })();

        /**
         * RejectReason enum.
         * @name patx.v1.RejectReason
         * @enum {number}
         * @property {number} NONE=0 NONE value
         * @property {number} UNKNOWN_ACCOUNT=1 UNKNOWN_ACCOUNT value
         * @property {number} UNKNOWN_SERIES=2 UNKNOWN_SERIES value
         * @property {number} UNKNOWN_ORDER=3 UNKNOWN_ORDER value
         * @property {number} INVALID_QUANTITY=4 INVALID_QUANTITY value
         * @property {number} INVALID_LOT=5 INVALID_LOT value
         * @property {number} INVALID_PRICE=6 INVALID_PRICE value
         * @property {number} INVALID_TICK=7 INVALID_TICK value
         * @property {number} PRICE_OUT_OF_LIMITS=8 PRICE_OUT_OF_LIMITS value
         * @property {number} QUANTITY_TOO_LARGE=9 QUANTITY_TOO_LARGE value
         * @property {number} INSUFFICIENT_BALANCE=10 INSUFFICIENT_BALANCE value
         * @property {number} INSUFFICIENT_RIGHTS=11 INSUFFICIENT_RIGHTS value
         * @property {number} ROLE_NOT_ALLOWED=12 ROLE_NOT_ALLOWED value
         * @property {number} SERIES_HALTED=13 SERIES_HALTED value
         * @property {number} SERIES_EXPIRED=14 SERIES_EXPIRED value
         * @property {number} SERIES_NOT_OPEN_YET=15 SERIES_NOT_OPEN_YET value
         * @property {number} DUPLICATE_CLIENT_ORDER_ID=16 DUPLICATE_CLIENT_ORDER_ID value
         * @property {number} POST_ONLY_WOULD_CROSS=17 POST_ONLY_WOULD_CROSS value
         * @property {number} FOK_NOT_FILLABLE=18 FOK_NOT_FILLABLE value
         * @property {number} NO_REFERENCE_PRICE=19 NO_REFERENCE_PRICE value
         * @property {number} INVALID_EXPIRY=20 INVALID_EXPIRY value
         * @property {number} INVALID_ORDER_TYPE=21 INVALID_ORDER_TYPE value
         * @property {number} KIND_NOT_OPEN=22 KIND_NOT_OPEN value
         * @property {number} BROKER_ALREADY_EXISTS=23 BROKER_ALREADY_EXISTS value
         * @property {number} DUPLICATE_DEPOSIT=24 DUPLICATE_DEPOSIT value
         * @property {number} CAPACITY_EXCEEDED=25 CAPACITY_EXCEEDED value
         * @property {number} INVALID_AMOUNT=26 INVALID_AMOUNT value
         * @property {number} BALANCE_LIMIT=27 BALANCE_LIMIT value
         * @property {number} SERIES_ALREADY_LISTED=28 SERIES_ALREADY_LISTED value
         * @property {number} INVALID_SERIES_SPEC=29 INVALID_SERIES_SPEC value
         * @property {number} EXPIRY_TOO_EARLY=30 EXPIRY_TOO_EARLY value
         * @property {number} INVALID_STATUS_CHANGE=31 INVALID_STATUS_CHANGE value
         * @property {number} NOT_ORDER_OWNER=32 NOT_ORDER_OWNER value
         * @property {number} AMEND_NO_CHANGE=33 AMEND_NO_CHANGE value
         * @property {number} QUOTE_CROSSED=34 QUOTE_CROSSED value
         * @property {number} TOO_MANY_QUOTE_LEVELS=35 TOO_MANY_QUOTE_LEVELS value
         * @property {number} WOULD_CROSS_OWN_QUOTES=36 WOULD_CROSS_OWN_QUOTES value
         * @property {number} TOO_MANY_OPEN_ORDERS=37 TOO_MANY_OPEN_ORDERS value
         * @property {number} UNKNOWN_WITHDRAWAL=38 UNKNOWN_WITHDRAWAL value
         * @property {number} INVALID_ADDRESS=39 INVALID_ADDRESS value
         * @property {number} INVALID_CONTRACT_KEY=40 INVALID_CONTRACT_KEY value
         * @property {number} NOT_EXERCISABLE=41 NOT_EXERCISABLE value
         * @property {number} BOOK_FULL=42 BOOK_FULL value
         * @property {number} KILL_SWITCH_ENGAGED=50 KILL_SWITCH_ENGAGED value
         * @property {number} THROTTLED=51 THROTTLED value
         * @property {number} PRICE_OUTSIDE_BAND=52 PRICE_OUTSIDE_BAND value
         * @property {number} ORDER_SIZE_LIMIT=53 ORDER_SIZE_LIMIT value
         * @property {number} POSITION_LIMIT=54 POSITION_LIMIT value
         * @property {number} INSUFFICIENT_COLLATERAL=55 INSUFFICIENT_COLLATERAL value
         * @property {number} EXPOSURE_LIMIT_SERIES=56 EXPOSURE_LIMIT_SERIES value
         * @property {number} EXPOSURE_LIMIT_WINDOW=57 EXPOSURE_LIMIT_WINDOW value
         * @property {number} MMP_TRIGGERED=58 MMP_TRIGGERED value
         * @property {number} UNKNOWN_PARAM=59 UNKNOWN_PARAM value
         * @property {number} PARAM_OUT_OF_RANGE=60 PARAM_OUT_OF_RANGE value
         * @property {number} KILL_SWITCH_UNCHANGED=61 KILL_SWITCH_UNCHANGED value
         * @property {number} MMP_NOT_TRIGGERED=62 MMP_NOT_TRIGGERED value
         * @property {number} UNKNOWN_RULES=63 UNKNOWN_RULES value
         * @property {number} RULES_NOT_MET=64 RULES_NOT_MET value
         * @property {number} PHASE_NOT_ENABLED=70 PHASE_NOT_ENABLED value
         * @property {number} INVALID_PHASE=71 INVALID_PHASE value
         * @property {number} SETTLEMENT_OUT_OF_ORDER=72 SETTLEMENT_OUT_OF_ORDER value
         * @property {number} INVALID_SETTLEMENT=73 INVALID_SETTLEMENT value
         * @property {number} TOO_MANY_PENDING_WITHDRAWALS=74 TOO_MANY_PENDING_WITHDRAWALS value
         * @property {number} ADDRESS_IN_USE=90 ADDRESS_IN_USE value
         * @property {number} NO_PUBLISHED_LISTING=100 NO_PUBLISHED_LISTING value
         * @property {number} INVALID_PROVIDER_LISTING=101 INVALID_PROVIDER_LISTING value
         * @property {number} INVALID_QUALIFICATION=110 INVALID_QUALIFICATION value
         * @property {number} INVALID_VERIFICATION=111 INVALID_VERIFICATION value
         * @property {number} PAYOUT_HELD_UNVERIFIED=112 PAYOUT_HELD_UNVERIFIED value
         * @property {number} NOT_A_FORWARD=120 NOT_A_FORWARD value
         * @property {number} SPOT_SERIES_NOT_LISTED=121 SPOT_SERIES_NOT_LISTED value
         * @property {number} DELIVERY_REQUIRED=122 DELIVERY_REQUIRED value
         * @property {number} INSTITUTION_REQUIRED=130 INSTITUTION_REQUIRED value
         * @property {number} UNDERLYING_NOT_LISTED=131 UNDERLYING_NOT_LISTED value
         * @property {number} NOT_A_SYNTHETIC=132 NOT_A_SYNTHETIC value
         * @property {number} INSUFFICIENT_MARGIN=133 INSUFFICIENT_MARGIN value
         * @property {number} UNKNOWN_GRANT=140 UNKNOWN_GRANT value
         * @property {number} NOT_YOUR_GRANT=141 NOT_YOUR_GRANT value
         * @property {number} ALREADY_DELIVERED=142 ALREADY_DELIVERED value
         * @property {number} CLAIM_EXISTS=143 CLAIM_EXISTS value
         * @property {number} DISPUTE_WINDOW_CLOSED=144 DISPUTE_WINDOW_CLOSED value
         * @property {number} ESCROW_NOT_DUE=145 ESCROW_NOT_DUE value
         * @property {number} NO_OPEN_CLAIM=146 NO_OPEN_CLAIM value
         * @property {number} CLAIM_OPEN=147 CLAIM_OPEN value
         * @property {number} ESCROW_CLOSED=148 ESCROW_CLOSED value
         * @property {number} UNKNOWN_SUBSCRIPTION=150 UNKNOWN_SUBSCRIPTION value
         * @property {number} NOT_YOUR_SUBSCRIPTION=151 NOT_YOUR_SUBSCRIPTION value
         * @property {number} INVALID_SUBSCRIPTION=152 INVALID_SUBSCRIPTION value
         * @property {number} SUBSCRIPTION_LIMIT=153 SUBSCRIPTION_LIMIT value
         * @property {number} SEATS_FULL=154 SEATS_FULL value
         * @property {number} NOT_PAUSED=155 NOT_PAUSED value
         * @property {number} INVALID_SEATS=156 INVALID_SEATS value
         * @property {number} EVIDENCE_OF_DELIVERY=160 EVIDENCE_OF_DELIVERY value
         * @property {number} NO_EVIDENCE=161 NO_EVIDENCE value
         * @property {number} DISPUTE_AWAITS_DECISION=162 DISPUTE_AWAITS_DECISION value
         * @property {number} NO_OPEN_DISPUTE=163 NO_OPEN_DISPUTE value
         * @property {number} INVALID_DECISION=164 INVALID_DECISION value
         * @property {number} INVALID_DISPUTE_REASON=165 INVALID_DISPUTE_REASON value
         * @property {number} RULES_TOO_OLD=166 RULES_TOO_OLD value
         * @property {number} UNKNOWN_TIER=200 UNKNOWN_TIER value
         * @property {number} INVALID_TIER=201 INVALID_TIER value
         * @property {number} TIER_SEATS_FULL=202 TIER_SEATS_FULL value
         * @property {number} TIER_NOT_QUOTED=203 TIER_NOT_QUOTED value
         * @property {number} ALREADY_IN_TIER=204 ALREADY_IN_TIER value
         * @property {number} UNKNOWN_TIER_SUBSCRIPTION=205 UNKNOWN_TIER_SUBSCRIPTION value
         * @property {number} INVALID_BUNDLE=206 INVALID_BUNDLE value
         * @property {number} BUNDLE_LEG_UNFILLABLE=207 BUNDLE_LEG_UNFILLABLE value
         * @property {number} BUNDLE_PRICE_MOVED=208 BUNDLE_PRICE_MOVED value
         * @property {number} LISTING_NOT_IN_SERIES=210 LISTING_NOT_IN_SERIES value
         * @property {number} LISTING_SUPPLY_SHORT=211 LISTING_SUPPLY_SHORT value
         * @property {number} UNKNOWN_ORGANISATION=190 UNKNOWN_ORGANISATION value
         * @property {number} NOT_ORGANISATION_ADMIN=191 NOT_ORGANISATION_ADMIN value
         * @property {number} ALREADY_IN_ORGANISATION=192 ALREADY_IN_ORGANISATION value
         * @property {number} ORGANISATION_FULL=193 ORGANISATION_FULL value
         * @property {number} LAST_ADMIN=194 LAST_ADMIN value
         * @property {number} NOT_A_MEMBER=195 NOT_A_MEMBER value
         * @property {number} INVALID_ORGANISATION=196 INVALID_ORGANISATION value
         * @property {number} ORGANISATION_NOT_EMPTY=197 ORGANISATION_NOT_EMPTY value
         * @property {number} USAGE_GRANT=170 USAGE_GRANT value
         * @property {number} NOT_USAGE_GRANT=171 NOT_USAGE_GRANT value
         * @property {number} INVALID_USAGE_TERMS=172 INVALID_USAGE_TERMS value
         * @property {number} UNKNOWN_INVITATION=240 UNKNOWN_INVITATION value
         * @property {number} INVITATIONS_FULL=241 INVITATIONS_FULL value
         * @property {number} ALREADY_INVITED=242 ALREADY_INVITED value
         * @property {number} INVITATION_EXPIRED=243 INVITATION_EXPIRED value
         * @property {number} CANCEL_ON_DISCONNECT_SESSIONS_FULL=250 CANCEL_ON_DISCONNECT_SESSIONS_FULL value
         * @property {number} NOT_FEE_RECIPIENT=260 NOT_FEE_RECIPIENT value
         * @property {number} FEE_ACCOUNT_SHORT=261 FEE_ACCOUNT_SHORT value
         * @property {number} INVALID_OPERATOR_NOTE=270 INVALID_OPERATOR_NOTE value
         */
        v1.RejectReason = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "NONE"] = 0;
            values[valuesById[1] = "UNKNOWN_ACCOUNT"] = 1;
            values[valuesById[2] = "UNKNOWN_SERIES"] = 2;
            values[valuesById[3] = "UNKNOWN_ORDER"] = 3;
            values[valuesById[4] = "INVALID_QUANTITY"] = 4;
            values[valuesById[5] = "INVALID_LOT"] = 5;
            values[valuesById[6] = "INVALID_PRICE"] = 6;
            values[valuesById[7] = "INVALID_TICK"] = 7;
            values[valuesById[8] = "PRICE_OUT_OF_LIMITS"] = 8;
            values[valuesById[9] = "QUANTITY_TOO_LARGE"] = 9;
            values[valuesById[10] = "INSUFFICIENT_BALANCE"] = 10;
            values[valuesById[11] = "INSUFFICIENT_RIGHTS"] = 11;
            values[valuesById[12] = "ROLE_NOT_ALLOWED"] = 12;
            values[valuesById[13] = "SERIES_HALTED"] = 13;
            values[valuesById[14] = "SERIES_EXPIRED"] = 14;
            values[valuesById[15] = "SERIES_NOT_OPEN_YET"] = 15;
            values[valuesById[16] = "DUPLICATE_CLIENT_ORDER_ID"] = 16;
            values[valuesById[17] = "POST_ONLY_WOULD_CROSS"] = 17;
            values[valuesById[18] = "FOK_NOT_FILLABLE"] = 18;
            values[valuesById[19] = "NO_REFERENCE_PRICE"] = 19;
            values[valuesById[20] = "INVALID_EXPIRY"] = 20;
            values[valuesById[21] = "INVALID_ORDER_TYPE"] = 21;
            values[valuesById[22] = "KIND_NOT_OPEN"] = 22;
            values[valuesById[23] = "BROKER_ALREADY_EXISTS"] = 23;
            values[valuesById[24] = "DUPLICATE_DEPOSIT"] = 24;
            values[valuesById[25] = "CAPACITY_EXCEEDED"] = 25;
            values[valuesById[26] = "INVALID_AMOUNT"] = 26;
            values[valuesById[27] = "BALANCE_LIMIT"] = 27;
            values[valuesById[28] = "SERIES_ALREADY_LISTED"] = 28;
            values[valuesById[29] = "INVALID_SERIES_SPEC"] = 29;
            values[valuesById[30] = "EXPIRY_TOO_EARLY"] = 30;
            values[valuesById[31] = "INVALID_STATUS_CHANGE"] = 31;
            values[valuesById[32] = "NOT_ORDER_OWNER"] = 32;
            values[valuesById[33] = "AMEND_NO_CHANGE"] = 33;
            values[valuesById[34] = "QUOTE_CROSSED"] = 34;
            values[valuesById[35] = "TOO_MANY_QUOTE_LEVELS"] = 35;
            values[valuesById[36] = "WOULD_CROSS_OWN_QUOTES"] = 36;
            values[valuesById[37] = "TOO_MANY_OPEN_ORDERS"] = 37;
            values[valuesById[38] = "UNKNOWN_WITHDRAWAL"] = 38;
            values[valuesById[39] = "INVALID_ADDRESS"] = 39;
            values[valuesById[40] = "INVALID_CONTRACT_KEY"] = 40;
            values[valuesById[41] = "NOT_EXERCISABLE"] = 41;
            values[valuesById[42] = "BOOK_FULL"] = 42;
            values[valuesById[50] = "KILL_SWITCH_ENGAGED"] = 50;
            values[valuesById[51] = "THROTTLED"] = 51;
            values[valuesById[52] = "PRICE_OUTSIDE_BAND"] = 52;
            values[valuesById[53] = "ORDER_SIZE_LIMIT"] = 53;
            values[valuesById[54] = "POSITION_LIMIT"] = 54;
            values[valuesById[55] = "INSUFFICIENT_COLLATERAL"] = 55;
            values[valuesById[56] = "EXPOSURE_LIMIT_SERIES"] = 56;
            values[valuesById[57] = "EXPOSURE_LIMIT_WINDOW"] = 57;
            values[valuesById[58] = "MMP_TRIGGERED"] = 58;
            values[valuesById[59] = "UNKNOWN_PARAM"] = 59;
            values[valuesById[60] = "PARAM_OUT_OF_RANGE"] = 60;
            values[valuesById[61] = "KILL_SWITCH_UNCHANGED"] = 61;
            values[valuesById[62] = "MMP_NOT_TRIGGERED"] = 62;
            values[valuesById[63] = "UNKNOWN_RULES"] = 63;
            values[valuesById[64] = "RULES_NOT_MET"] = 64;
            values[valuesById[70] = "PHASE_NOT_ENABLED"] = 70;
            values[valuesById[71] = "INVALID_PHASE"] = 71;
            values[valuesById[72] = "SETTLEMENT_OUT_OF_ORDER"] = 72;
            values[valuesById[73] = "INVALID_SETTLEMENT"] = 73;
            values[valuesById[74] = "TOO_MANY_PENDING_WITHDRAWALS"] = 74;
            values[valuesById[90] = "ADDRESS_IN_USE"] = 90;
            values[valuesById[100] = "NO_PUBLISHED_LISTING"] = 100;
            values[valuesById[101] = "INVALID_PROVIDER_LISTING"] = 101;
            values[valuesById[110] = "INVALID_QUALIFICATION"] = 110;
            values[valuesById[111] = "INVALID_VERIFICATION"] = 111;
            values[valuesById[112] = "PAYOUT_HELD_UNVERIFIED"] = 112;
            values[valuesById[120] = "NOT_A_FORWARD"] = 120;
            values[valuesById[121] = "SPOT_SERIES_NOT_LISTED"] = 121;
            values[valuesById[122] = "DELIVERY_REQUIRED"] = 122;
            values[valuesById[130] = "INSTITUTION_REQUIRED"] = 130;
            values[valuesById[131] = "UNDERLYING_NOT_LISTED"] = 131;
            values[valuesById[132] = "NOT_A_SYNTHETIC"] = 132;
            values[valuesById[133] = "INSUFFICIENT_MARGIN"] = 133;
            values[valuesById[140] = "UNKNOWN_GRANT"] = 140;
            values[valuesById[141] = "NOT_YOUR_GRANT"] = 141;
            values[valuesById[142] = "ALREADY_DELIVERED"] = 142;
            values[valuesById[143] = "CLAIM_EXISTS"] = 143;
            values[valuesById[144] = "DISPUTE_WINDOW_CLOSED"] = 144;
            values[valuesById[145] = "ESCROW_NOT_DUE"] = 145;
            values[valuesById[146] = "NO_OPEN_CLAIM"] = 146;
            values[valuesById[147] = "CLAIM_OPEN"] = 147;
            values[valuesById[148] = "ESCROW_CLOSED"] = 148;
            values[valuesById[150] = "UNKNOWN_SUBSCRIPTION"] = 150;
            values[valuesById[151] = "NOT_YOUR_SUBSCRIPTION"] = 151;
            values[valuesById[152] = "INVALID_SUBSCRIPTION"] = 152;
            values[valuesById[153] = "SUBSCRIPTION_LIMIT"] = 153;
            values[valuesById[154] = "SEATS_FULL"] = 154;
            values[valuesById[155] = "NOT_PAUSED"] = 155;
            values[valuesById[156] = "INVALID_SEATS"] = 156;
            values[valuesById[160] = "EVIDENCE_OF_DELIVERY"] = 160;
            values[valuesById[161] = "NO_EVIDENCE"] = 161;
            values[valuesById[162] = "DISPUTE_AWAITS_DECISION"] = 162;
            values[valuesById[163] = "NO_OPEN_DISPUTE"] = 163;
            values[valuesById[164] = "INVALID_DECISION"] = 164;
            values[valuesById[165] = "INVALID_DISPUTE_REASON"] = 165;
            values[valuesById[166] = "RULES_TOO_OLD"] = 166;
            values[valuesById[200] = "UNKNOWN_TIER"] = 200;
            values[valuesById[201] = "INVALID_TIER"] = 201;
            values[valuesById[202] = "TIER_SEATS_FULL"] = 202;
            values[valuesById[203] = "TIER_NOT_QUOTED"] = 203;
            values[valuesById[204] = "ALREADY_IN_TIER"] = 204;
            values[valuesById[205] = "UNKNOWN_TIER_SUBSCRIPTION"] = 205;
            values[valuesById[206] = "INVALID_BUNDLE"] = 206;
            values[valuesById[207] = "BUNDLE_LEG_UNFILLABLE"] = 207;
            values[valuesById[208] = "BUNDLE_PRICE_MOVED"] = 208;
            values[valuesById[210] = "LISTING_NOT_IN_SERIES"] = 210;
            values[valuesById[211] = "LISTING_SUPPLY_SHORT"] = 211;
            values[valuesById[190] = "UNKNOWN_ORGANISATION"] = 190;
            values[valuesById[191] = "NOT_ORGANISATION_ADMIN"] = 191;
            values[valuesById[192] = "ALREADY_IN_ORGANISATION"] = 192;
            values[valuesById[193] = "ORGANISATION_FULL"] = 193;
            values[valuesById[194] = "LAST_ADMIN"] = 194;
            values[valuesById[195] = "NOT_A_MEMBER"] = 195;
            values[valuesById[196] = "INVALID_ORGANISATION"] = 196;
            values[valuesById[197] = "ORGANISATION_NOT_EMPTY"] = 197;
            values[valuesById[170] = "USAGE_GRANT"] = 170;
            values[valuesById[171] = "NOT_USAGE_GRANT"] = 171;
            values[valuesById[172] = "INVALID_USAGE_TERMS"] = 172;
            values[valuesById[240] = "UNKNOWN_INVITATION"] = 240;
            values[valuesById[241] = "INVITATIONS_FULL"] = 241;
            values[valuesById[242] = "ALREADY_INVITED"] = 242;
            values[valuesById[243] = "INVITATION_EXPIRED"] = 243;
            values[valuesById[250] = "CANCEL_ON_DISCONNECT_SESSIONS_FULL"] = 250;
            values[valuesById[260] = "NOT_FEE_RECIPIENT"] = 260;
            values[valuesById[261] = "FEE_ACCOUNT_SHORT"] = 261;
            values[valuesById[270] = "INVALID_OPERATOR_NOTE"] = 270;
            return values;
        })();

        /**
         * ErrorCode enum.
         * @name patx.v1.ErrorCode
         * @enum {number}
         * @property {number} ERROR_CODE_UNSPECIFIED=0 ERROR_CODE_UNSPECIFIED value
         * @property {number} MALFORMED_FRAME=1 MALFORMED_FRAME value
         * @property {number} EMPTY_FRAME=2 EMPTY_FRAME value
         * @property {number} TEXT_FRAME=3 TEXT_FRAME value
         * @property {number} FRAME_TOO_LARGE=4 FRAME_TOO_LARGE value
         * @property {number} NOT_AUTHENTICATED=5 NOT_AUTHENTICATED value
         * @property {number} ALREADY_AUTHENTICATED=6 ALREADY_AUTHENTICATED value
         * @property {number} AUTH_FAILED=7 AUTH_FAILED value
         * @property {number} CHALLENGE_EXPIRED=8 CHALLENGE_EXPIRED value
         * @property {number} RATE_LIMITED=9 RATE_LIMITED value
         * @property {number} INVALID_FIELD=10 INVALID_FIELD value
         * @property {number} VALUE_OUT_OF_RANGE=11 VALUE_OUT_OF_RANGE value
         * @property {number} NOT_PERMITTED=12 NOT_PERMITTED value
         * @property {number} SERVER_BUSY=13 SERVER_BUSY value
         * @property {number} SERVICE_UNAVAILABLE=14 SERVICE_UNAVAILABLE value
         * @property {number} SERIES_NOT_FOUND=15 SERIES_NOT_FOUND value
         * @property {number} HEARTBEAT_TIMEOUT=16 HEARTBEAT_TIMEOUT value
         * @property {number} SLOW_CONSUMER=17 SLOW_CONSUMER value
         * @property {number} TOO_MANY_SUBSCRIPTIONS=18 TOO_MANY_SUBSCRIPTIONS value
         * @property {number} WRONG_ENDPOINT=19 WRONG_ENDPOINT value
         * @property {number} CONTRACT_NOT_FOUND=20 CONTRACT_NOT_FOUND value
         * @property {number} TOO_MANY_SESSIONS=21 TOO_MANY_SESSIONS value
         * @property {number} NO_ACCOUNT=22 NO_ACCOUNT value
         * @property {number} ACCOUNTS_FULL=23 ACCOUNTS_FULL value
         * @property {number} INSUFFICIENT_FREE_PAT=24 INSUFFICIENT_FREE_PAT value
         * @property {number} LOGIN_FORMAT_OUTDATED=40 LOGIN_FORMAT_OUTDATED value
         * @property {number} ROLE_FORBIDDEN=50 ROLE_FORBIDDEN value
         * @property {number} NOT_ORGANISATION_MEMBER=51 NOT_ORGANISATION_MEMBER value
         */
        v1.ErrorCode = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ERROR_CODE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "MALFORMED_FRAME"] = 1;
            values[valuesById[2] = "EMPTY_FRAME"] = 2;
            values[valuesById[3] = "TEXT_FRAME"] = 3;
            values[valuesById[4] = "FRAME_TOO_LARGE"] = 4;
            values[valuesById[5] = "NOT_AUTHENTICATED"] = 5;
            values[valuesById[6] = "ALREADY_AUTHENTICATED"] = 6;
            values[valuesById[7] = "AUTH_FAILED"] = 7;
            values[valuesById[8] = "CHALLENGE_EXPIRED"] = 8;
            values[valuesById[9] = "RATE_LIMITED"] = 9;
            values[valuesById[10] = "INVALID_FIELD"] = 10;
            values[valuesById[11] = "VALUE_OUT_OF_RANGE"] = 11;
            values[valuesById[12] = "NOT_PERMITTED"] = 12;
            values[valuesById[13] = "SERVER_BUSY"] = 13;
            values[valuesById[14] = "SERVICE_UNAVAILABLE"] = 14;
            values[valuesById[15] = "SERIES_NOT_FOUND"] = 15;
            values[valuesById[16] = "HEARTBEAT_TIMEOUT"] = 16;
            values[valuesById[17] = "SLOW_CONSUMER"] = 17;
            values[valuesById[18] = "TOO_MANY_SUBSCRIPTIONS"] = 18;
            values[valuesById[19] = "WRONG_ENDPOINT"] = 19;
            values[valuesById[20] = "CONTRACT_NOT_FOUND"] = 20;
            values[valuesById[21] = "TOO_MANY_SESSIONS"] = 21;
            values[valuesById[22] = "NO_ACCOUNT"] = 22;
            values[valuesById[23] = "ACCOUNTS_FULL"] = 23;
            values[valuesById[24] = "INSUFFICIENT_FREE_PAT"] = 24;
            values[valuesById[40] = "LOGIN_FORMAT_OUTDATED"] = 40;
            values[valuesById[50] = "ROLE_FORBIDDEN"] = 50;
            values[valuesById[51] = "NOT_ORGANISATION_MEMBER"] = 51;
            return values;
        })();

        /**
         * OrganisationRole enum.
         * @name patx.v1.OrganisationRole
         * @enum {number}
         * @property {number} ORGANISATION_ROLE_UNSPECIFIED=0 ORGANISATION_ROLE_UNSPECIFIED value
         * @property {number} ORG_ADMIN=1 ORG_ADMIN value
         * @property {number} ORG_TRADER=2 ORG_TRADER value
         * @property {number} ORG_READER=3 ORG_READER value
         */
        v1.OrganisationRole = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "ORGANISATION_ROLE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ORG_ADMIN"] = 1;
            values[valuesById[2] = "ORG_TRADER"] = 2;
            values[valuesById[3] = "ORG_READER"] = 3;
            return values;
        })();

        v1.Challenge = (function() {

            /**
             * Properties of a Challenge.
             * @typedef {Object} patx.v1.Challenge.$Properties
             * @property {Uint8Array|null} [nonce] Challenge nonce
             * @property {number|null} [expiresAtMs] Challenge expiresAtMs
             * @property {string|null} [signText] Challenge signText
             * @property {number|null} [serverTimeMs] Challenge serverTimeMs
             * @property {string|null} [domain] Challenge domain
             * @property {string|null} [uri] Challenge uri
             * @property {number|null} [chainId] Challenge chainId
             * @property {string|null} [statement] Challenge statement
             * @property {string|null} [siweNonce] Challenge siweNonce
             * @property {string|null} [issuedAt] Challenge issuedAt
             * @property {string|null} [expirationTime] Challenge expirationTime
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Challenge.
             * @memberof patx.v1
             * @interface IChallenge
             * @augments patx.v1.Challenge.$Properties
             * @deprecated Use patx.v1.Challenge.$Properties instead.
             */

            /**
             * Shape of a Challenge.
             * @typedef {patx.v1.Challenge.$Properties} patx.v1.Challenge.$Shape
             */

            /**
             * Constructs a new Challenge.
             * @memberof patx.v1
             * @classdesc Represents a Challenge.
             * @constructor
             * @param {patx.v1.Challenge.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Challenge = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Challenge nonce.
             * @member {Uint8Array} nonce
             * @memberof patx.v1.Challenge
             * @instance
             */
            Challenge.prototype.nonce = $util.newBuffer([]);

            /**
             * Challenge expiresAtMs.
             * @member {number} expiresAtMs
             * @memberof patx.v1.Challenge
             * @instance
             */
            Challenge.prototype.expiresAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Challenge signText.
             * @member {string} signText
             * @memberof patx.v1.Challenge
             * @instance
             */
            Challenge.prototype.signText = "";

            /**
             * Challenge serverTimeMs.
             * @member {number} serverTimeMs
             * @memberof patx.v1.Challenge
             * @instance
             */
            Challenge.prototype.serverTimeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Challenge domain.
             * @member {string} domain
             * @memberof patx.v1.Challenge
             * @instance
             */
            Challenge.prototype.domain = "";

            /**
             * Challenge uri.
             * @member {string} uri
             * @memberof patx.v1.Challenge
             * @instance
             */
            Challenge.prototype.uri = "";

            /**
             * Challenge chainId.
             * @member {number} chainId
             * @memberof patx.v1.Challenge
             * @instance
             */
            Challenge.prototype.chainId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Challenge statement.
             * @member {string} statement
             * @memberof patx.v1.Challenge
             * @instance
             */
            Challenge.prototype.statement = "";

            /**
             * Challenge siweNonce.
             * @member {string} siweNonce
             * @memberof patx.v1.Challenge
             * @instance
             */
            Challenge.prototype.siweNonce = "";

            /**
             * Challenge issuedAt.
             * @member {string} issuedAt
             * @memberof patx.v1.Challenge
             * @instance
             */
            Challenge.prototype.issuedAt = "";

            /**
             * Challenge expirationTime.
             * @member {string} expirationTime
             * @memberof patx.v1.Challenge
             * @instance
             */
            Challenge.prototype.expirationTime = "";

            /**
             * Creates a new Challenge instance using the specified properties.
             * @function create
             * @memberof patx.v1.Challenge
             * @static
             * @param {patx.v1.Challenge.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Challenge} Challenge instance
             * @type {{
             *   (properties: patx.v1.Challenge.$Shape): patx.v1.Challenge & patx.v1.Challenge.$Shape;
             *   (properties?: patx.v1.Challenge.$Properties): patx.v1.Challenge;
             * }}
             */
            Challenge.create = function(properties) {
                return new Challenge(properties);
            };

            /**
             * Encodes the specified Challenge message. Does not implicitly {@link patx.v1.Challenge.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Challenge
             * @static
             * @param {patx.v1.Challenge.$Properties} message Challenge message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Challenge.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce") && message.nonce.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.nonce);
                if (message.expiresAtMs != null && $Object.hasOwnProperty.call(message, "expiresAtMs") && (typeof message.expiresAtMs === "object" ? message.expiresAtMs.low || message.expiresAtMs.high : message.expiresAtMs !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.expiresAtMs);
                if (message.signText != null && $Object.hasOwnProperty.call(message, "signText") && message.signText !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.signText);
                if (message.serverTimeMs != null && $Object.hasOwnProperty.call(message, "serverTimeMs") && (typeof message.serverTimeMs === "object" ? message.serverTimeMs.low || message.serverTimeMs.high : message.serverTimeMs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.serverTimeMs);
                if (message.domain != null && $Object.hasOwnProperty.call(message, "domain") && message.domain !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.domain);
                if (message.uri != null && $Object.hasOwnProperty.call(message, "uri") && message.uri !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.uri);
                if (message.chainId != null && $Object.hasOwnProperty.call(message, "chainId") && (typeof message.chainId === "object" ? message.chainId.low || message.chainId.high : message.chainId !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.chainId);
                if (message.statement != null && $Object.hasOwnProperty.call(message, "statement") && message.statement !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.statement);
                if (message.siweNonce != null && $Object.hasOwnProperty.call(message, "siweNonce") && message.siweNonce !== "")
                    writer.uint32(/* id 9, wireType 2 =*/74).string(message.siweNonce);
                if (message.issuedAt != null && $Object.hasOwnProperty.call(message, "issuedAt") && message.issuedAt !== "")
                    writer.uint32(/* id 10, wireType 2 =*/82).string(message.issuedAt);
                if (message.expirationTime != null && $Object.hasOwnProperty.call(message, "expirationTime") && message.expirationTime !== "")
                    writer.uint32(/* id 11, wireType 2 =*/90).string(message.expirationTime);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Challenge message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Challenge
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Challenge & patx.v1.Challenge.$Shape} Challenge
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Challenge.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Challenge();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.nonce = value;
                            else
                                delete message.nonce;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.expiresAtMs = value;
                            else
                                delete message.expiresAtMs;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.signText = value;
                            else
                                delete message.signText;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.serverTimeMs = value;
                            else
                                delete message.serverTimeMs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.domain = value;
                            else
                                delete message.domain;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.uri = value;
                            else
                                delete message.uri;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.chainId = value;
                            else
                                delete message.chainId;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.statement = value;
                            else
                                delete message.statement;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.siweNonce = value;
                            else
                                delete message.siweNonce;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.issuedAt = value;
                            else
                                delete message.issuedAt;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.expirationTime = value;
                            else
                                delete message.expirationTime;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Challenge;
        })();

        v1.Login = (function() {

            /**
             * Properties of a Login.
             * @typedef {Object} patx.v1.Login.$Properties
             * @property {string|null} [address] Login address
             * @property {Uint8Array|null} [signature] Login signature
             * @property {string|null} [operatorToken] Login operatorToken
             * @property {patx.v1.Role|null} [role] Login role
             * @property {boolean|null} [cancelOnDisconnect] Login cancelOnDisconnect
             * @property {number|null} [organisationId] Login organisationId
             * @property {boolean|null} [existingOnly] Login existingOnly
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Login.
             * @memberof patx.v1
             * @interface ILogin
             * @augments patx.v1.Login.$Properties
             * @deprecated Use patx.v1.Login.$Properties instead.
             */

            /**
             * Shape of a Login.
             * @typedef {patx.v1.Login.$Properties} patx.v1.Login.$Shape
             */

            /**
             * Constructs a new Login.
             * @memberof patx.v1
             * @classdesc Represents a Login.
             * @constructor
             * @param {patx.v1.Login.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Login = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Login address.
             * @member {string} address
             * @memberof patx.v1.Login
             * @instance
             */
            Login.prototype.address = "";

            /**
             * Login signature.
             * @member {Uint8Array} signature
             * @memberof patx.v1.Login
             * @instance
             */
            Login.prototype.signature = $util.newBuffer([]);

            /**
             * Login operatorToken.
             * @member {string} operatorToken
             * @memberof patx.v1.Login
             * @instance
             */
            Login.prototype.operatorToken = "";

            /**
             * Login role.
             * @member {patx.v1.Role} role
             * @memberof patx.v1.Login
             * @instance
             */
            Login.prototype.role = 0;

            /**
             * Login cancelOnDisconnect.
             * @member {boolean} cancelOnDisconnect
             * @memberof patx.v1.Login
             * @instance
             */
            Login.prototype.cancelOnDisconnect = false;

            /**
             * Login organisationId.
             * @member {number} organisationId
             * @memberof patx.v1.Login
             * @instance
             */
            Login.prototype.organisationId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Login existingOnly.
             * @member {boolean} existingOnly
             * @memberof patx.v1.Login
             * @instance
             */
            Login.prototype.existingOnly = false;

            /**
             * Creates a new Login instance using the specified properties.
             * @function create
             * @memberof patx.v1.Login
             * @static
             * @param {patx.v1.Login.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Login} Login instance
             * @type {{
             *   (properties: patx.v1.Login.$Shape): patx.v1.Login & patx.v1.Login.$Shape;
             *   (properties?: patx.v1.Login.$Properties): patx.v1.Login;
             * }}
             */
            Login.create = function(properties) {
                return new Login(properties);
            };

            /**
             * Encodes the specified Login message. Does not implicitly {@link patx.v1.Login.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Login
             * @static
             * @param {patx.v1.Login.$Properties} message Login message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Login.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.address != null && $Object.hasOwnProperty.call(message, "address") && message.address !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.address);
                if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.signature);
                if (message.operatorToken != null && $Object.hasOwnProperty.call(message, "operatorToken") && message.operatorToken !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.operatorToken);
                if (message.role != null && $Object.hasOwnProperty.call(message, "role") && message.role !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.role);
                if (message.cancelOnDisconnect != null && $Object.hasOwnProperty.call(message, "cancelOnDisconnect") && message.cancelOnDisconnect !== false)
                    writer.uint32(/* id 5, wireType 0 =*/40).bool(message.cancelOnDisconnect);
                if (message.organisationId != null && $Object.hasOwnProperty.call(message, "organisationId") && (typeof message.organisationId === "object" ? message.organisationId.low || message.organisationId.high : message.organisationId !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.organisationId);
                if (message.existingOnly != null && $Object.hasOwnProperty.call(message, "existingOnly") && message.existingOnly !== false)
                    writer.uint32(/* id 7, wireType 0 =*/56).bool(message.existingOnly);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Login message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Login
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Login & patx.v1.Login.$Shape} Login
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Login.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Login();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.address = value;
                            else
                                delete message.address;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.signature = value;
                            else
                                delete message.signature;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.operatorToken = value;
                            else
                                delete message.operatorToken;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.role = value;
                            else
                                delete message.role;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.cancelOnDisconnect = value;
                            else
                                delete message.cancelOnDisconnect;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.organisationId = value;
                            else
                                delete message.organisationId;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.existingOnly = value;
                            else
                                delete message.existingOnly;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Login;
        })();

        v1.LoginAccepted = (function() {

            /**
             * Properties of a LoginAccepted.
             * @typedef {Object} patx.v1.LoginAccepted.$Properties
             * @property {number|null} [accountId] LoginAccepted accountId
             * @property {patx.v1.Role|null} [role] LoginAccepted role
             * @property {string|null} [address] LoginAccepted address
             * @property {number|null} [heartbeatIntervalMs] LoginAccepted heartbeatIntervalMs
             * @property {number|null} [heartbeatTimeoutMs] LoginAccepted heartbeatTimeoutMs
             * @property {number|null} [maxMessagesPerSecond] LoginAccepted maxMessagesPerSecond
             * @property {boolean|null} [cancelOnDisconnect] LoginAccepted cancelOnDisconnect
             * @property {boolean|null} [accountOpened] LoginAccepted accountOpened
             * @property {number|null} [organisationId] LoginAccepted organisationId
             * @property {patx.v1.OrganisationRole|null} [organisationRole] LoginAccepted organisationRole
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a LoginAccepted.
             * @memberof patx.v1
             * @interface ILoginAccepted
             * @augments patx.v1.LoginAccepted.$Properties
             * @deprecated Use patx.v1.LoginAccepted.$Properties instead.
             */

            /**
             * Shape of a LoginAccepted.
             * @typedef {patx.v1.LoginAccepted.$Properties} patx.v1.LoginAccepted.$Shape
             */

            /**
             * Constructs a new LoginAccepted.
             * @memberof patx.v1
             * @classdesc Represents a LoginAccepted.
             * @constructor
             * @param {patx.v1.LoginAccepted.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const LoginAccepted = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * LoginAccepted accountId.
             * @member {number} accountId
             * @memberof patx.v1.LoginAccepted
             * @instance
             */
            LoginAccepted.prototype.accountId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * LoginAccepted role.
             * @member {patx.v1.Role} role
             * @memberof patx.v1.LoginAccepted
             * @instance
             */
            LoginAccepted.prototype.role = 0;

            /**
             * LoginAccepted address.
             * @member {string} address
             * @memberof patx.v1.LoginAccepted
             * @instance
             */
            LoginAccepted.prototype.address = "";

            /**
             * LoginAccepted heartbeatIntervalMs.
             * @member {number} heartbeatIntervalMs
             * @memberof patx.v1.LoginAccepted
             * @instance
             */
            LoginAccepted.prototype.heartbeatIntervalMs = 0;

            /**
             * LoginAccepted heartbeatTimeoutMs.
             * @member {number} heartbeatTimeoutMs
             * @memberof patx.v1.LoginAccepted
             * @instance
             */
            LoginAccepted.prototype.heartbeatTimeoutMs = 0;

            /**
             * LoginAccepted maxMessagesPerSecond.
             * @member {number} maxMessagesPerSecond
             * @memberof patx.v1.LoginAccepted
             * @instance
             */
            LoginAccepted.prototype.maxMessagesPerSecond = 0;

            /**
             * LoginAccepted cancelOnDisconnect.
             * @member {boolean} cancelOnDisconnect
             * @memberof patx.v1.LoginAccepted
             * @instance
             */
            LoginAccepted.prototype.cancelOnDisconnect = false;

            /**
             * LoginAccepted accountOpened.
             * @member {boolean} accountOpened
             * @memberof patx.v1.LoginAccepted
             * @instance
             */
            LoginAccepted.prototype.accountOpened = false;

            /**
             * LoginAccepted organisationId.
             * @member {number} organisationId
             * @memberof patx.v1.LoginAccepted
             * @instance
             */
            LoginAccepted.prototype.organisationId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * LoginAccepted organisationRole.
             * @member {patx.v1.OrganisationRole} organisationRole
             * @memberof patx.v1.LoginAccepted
             * @instance
             */
            LoginAccepted.prototype.organisationRole = 0;

            /**
             * Creates a new LoginAccepted instance using the specified properties.
             * @function create
             * @memberof patx.v1.LoginAccepted
             * @static
             * @param {patx.v1.LoginAccepted.$Properties=} [properties] Properties to set
             * @returns {patx.v1.LoginAccepted} LoginAccepted instance
             * @type {{
             *   (properties: patx.v1.LoginAccepted.$Shape): patx.v1.LoginAccepted & patx.v1.LoginAccepted.$Shape;
             *   (properties?: patx.v1.LoginAccepted.$Properties): patx.v1.LoginAccepted;
             * }}
             */
            LoginAccepted.create = function(properties) {
                return new LoginAccepted(properties);
            };

            /**
             * Encodes the specified LoginAccepted message. Does not implicitly {@link patx.v1.LoginAccepted.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.LoginAccepted
             * @static
             * @param {patx.v1.LoginAccepted.$Properties} message LoginAccepted message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            LoginAccepted.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.accountId != null && $Object.hasOwnProperty.call(message, "accountId") && (typeof message.accountId === "object" ? message.accountId.low || message.accountId.high : message.accountId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.accountId);
                if (message.role != null && $Object.hasOwnProperty.call(message, "role") && message.role !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.role);
                if (message.address != null && $Object.hasOwnProperty.call(message, "address") && message.address !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.address);
                if (message.heartbeatIntervalMs != null && $Object.hasOwnProperty.call(message, "heartbeatIntervalMs") && message.heartbeatIntervalMs !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.heartbeatIntervalMs);
                if (message.heartbeatTimeoutMs != null && $Object.hasOwnProperty.call(message, "heartbeatTimeoutMs") && message.heartbeatTimeoutMs !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.heartbeatTimeoutMs);
                if (message.maxMessagesPerSecond != null && $Object.hasOwnProperty.call(message, "maxMessagesPerSecond") && message.maxMessagesPerSecond !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.maxMessagesPerSecond);
                if (message.cancelOnDisconnect != null && $Object.hasOwnProperty.call(message, "cancelOnDisconnect") && message.cancelOnDisconnect !== false)
                    writer.uint32(/* id 7, wireType 0 =*/56).bool(message.cancelOnDisconnect);
                if (message.accountOpened != null && $Object.hasOwnProperty.call(message, "accountOpened") && message.accountOpened !== false)
                    writer.uint32(/* id 8, wireType 0 =*/64).bool(message.accountOpened);
                if (message.organisationId != null && $Object.hasOwnProperty.call(message, "organisationId") && (typeof message.organisationId === "object" ? message.organisationId.low || message.organisationId.high : message.organisationId !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.organisationId);
                if (message.organisationRole != null && $Object.hasOwnProperty.call(message, "organisationRole") && message.organisationRole !== 0)
                    writer.uint32(/* id 10, wireType 0 =*/80).int32(message.organisationRole);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a LoginAccepted message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.LoginAccepted
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.LoginAccepted & patx.v1.LoginAccepted.$Shape} LoginAccepted
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            LoginAccepted.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.LoginAccepted();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.accountId = value;
                            else
                                delete message.accountId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.role = value;
                            else
                                delete message.role;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.address = value;
                            else
                                delete message.address;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.heartbeatIntervalMs = value;
                            else
                                delete message.heartbeatIntervalMs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.heartbeatTimeoutMs = value;
                            else
                                delete message.heartbeatTimeoutMs;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.maxMessagesPerSecond = value;
                            else
                                delete message.maxMessagesPerSecond;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.cancelOnDisconnect = value;
                            else
                                delete message.cancelOnDisconnect;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.accountOpened = value;
                            else
                                delete message.accountOpened;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.organisationId = value;
                            else
                                delete message.organisationId;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.organisationRole = value;
                            else
                                delete message.organisationRole;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return LoginAccepted;
        })();

        v1.Heartbeat = (function() {

            /**
             * Properties of a Heartbeat.
             * @typedef {Object} patx.v1.Heartbeat.$Properties
             * @property {number|null} [timeMs] Heartbeat timeMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Heartbeat.
             * @memberof patx.v1
             * @interface IHeartbeat
             * @augments patx.v1.Heartbeat.$Properties
             * @deprecated Use patx.v1.Heartbeat.$Properties instead.
             */

            /**
             * Shape of a Heartbeat.
             * @typedef {patx.v1.Heartbeat.$Properties} patx.v1.Heartbeat.$Shape
             */

            /**
             * Constructs a new Heartbeat.
             * @memberof patx.v1
             * @classdesc Represents a Heartbeat.
             * @constructor
             * @param {patx.v1.Heartbeat.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Heartbeat = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Heartbeat timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new Heartbeat instance using the specified properties.
             * @function create
             * @memberof patx.v1.Heartbeat
             * @static
             * @param {patx.v1.Heartbeat.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Heartbeat} Heartbeat instance
             * @type {{
             *   (properties: patx.v1.Heartbeat.$Shape): patx.v1.Heartbeat & patx.v1.Heartbeat.$Shape;
             *   (properties?: patx.v1.Heartbeat.$Properties): patx.v1.Heartbeat;
             * }}
             */
            Heartbeat.create = function(properties) {
                return new Heartbeat(properties);
            };

            /**
             * Encodes the specified Heartbeat message. Does not implicitly {@link patx.v1.Heartbeat.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Heartbeat
             * @static
             * @param {patx.v1.Heartbeat.$Properties} message Heartbeat message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Heartbeat.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.timeMs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Heartbeat message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Heartbeat
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Heartbeat & patx.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Heartbeat.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Heartbeat();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Heartbeat;
        })();

        v1.Error = (function() {

            /**
             * Properties of an Error.
             * @typedef {Object} patx.v1.Error.$Properties
             * @property {patx.v1.ErrorCode|null} [code] Error code
             * @property {string|null} [message] Error message
             * @property {string|null} [field] Error field
             * @property {number|null} [retryAfterMs] Error retryAfterMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Error.
             * @memberof patx.v1
             * @interface IError
             * @augments patx.v1.Error.$Properties
             * @deprecated Use patx.v1.Error.$Properties instead.
             */

            /**
             * Shape of an Error.
             * @typedef {patx.v1.Error.$Properties} patx.v1.Error.$Shape
             */

            /**
             * Constructs a new Error.
             * @memberof patx.v1
             * @classdesc Represents an Error.
             * @constructor
             * @param {patx.v1.Error.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Error = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Error code.
             * @member {patx.v1.ErrorCode} code
             * @memberof patx.v1.Error
             * @instance
             */
            Error.prototype.code = 0;

            /**
             * Error message.
             * @member {string} message
             * @memberof patx.v1.Error
             * @instance
             */
            Error.prototype.message = "";

            /**
             * Error field.
             * @member {string} field
             * @memberof patx.v1.Error
             * @instance
             */
            Error.prototype.field = "";

            /**
             * Error retryAfterMs.
             * @member {number} retryAfterMs
             * @memberof patx.v1.Error
             * @instance
             */
            Error.prototype.retryAfterMs = 0;

            /**
             * Creates a new Error instance using the specified properties.
             * @function create
             * @memberof patx.v1.Error
             * @static
             * @param {patx.v1.Error.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Error} Error instance
             * @type {{
             *   (properties: patx.v1.Error.$Shape): patx.v1.Error & patx.v1.Error.$Shape;
             *   (properties?: patx.v1.Error.$Properties): patx.v1.Error;
             * }}
             */
            Error.create = function(properties) {
                return new Error(properties);
            };

            /**
             * Encodes the specified Error message. Does not implicitly {@link patx.v1.Error.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Error
             * @static
             * @param {patx.v1.Error.$Properties} message Error message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Error.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.code);
                if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
                if (message.field != null && $Object.hasOwnProperty.call(message, "field") && message.field !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.field);
                if (message.retryAfterMs != null && $Object.hasOwnProperty.call(message, "retryAfterMs") && message.retryAfterMs !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.retryAfterMs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Error
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Error & patx.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Error.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Error();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.code = value;
                            else
                                delete message.code;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.message = value;
                            else
                                delete message.message;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.field = value;
                            else
                                delete message.field;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.retryAfterMs = value;
                            else
                                delete message.retryAfterMs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Error;
        })();

        v1.NewOrder = (function() {

            /**
             * Properties of a NewOrder.
             * @typedef {Object} patx.v1.NewOrder.$Properties
             * @property {number|null} [seriesId] NewOrder seriesId
             * @property {number|null} [clientOrderId] NewOrder clientOrderId
             * @property {patx.v1.Side|null} [side] NewOrder side
             * @property {patx.v1.OrderType|null} [orderType] NewOrder orderType
             * @property {patx.v1.TimeInForce|null} [timeInForce] NewOrder timeInForce
             * @property {number|null} [priceMicros] NewOrder priceMicros
             * @property {number|null} [qty] NewOrder qty
             * @property {number|null} [expireAtMs] NewOrder expireAtMs
             * @property {boolean|null} [postOnly] NewOrder postOnly
             * @property {patx.v1.SelfTradePrevention|null} [selfTradePrevention] NewOrder selfTradePrevention
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a NewOrder.
             * @memberof patx.v1
             * @interface INewOrder
             * @augments patx.v1.NewOrder.$Properties
             * @deprecated Use patx.v1.NewOrder.$Properties instead.
             */

            /**
             * Shape of a NewOrder.
             * @typedef {patx.v1.NewOrder.$Properties} patx.v1.NewOrder.$Shape
             */

            /**
             * Constructs a new NewOrder.
             * @memberof patx.v1
             * @classdesc Represents a NewOrder.
             * @constructor
             * @param {patx.v1.NewOrder.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const NewOrder = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * NewOrder seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.NewOrder
             * @instance
             */
            NewOrder.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * NewOrder clientOrderId.
             * @member {number} clientOrderId
             * @memberof patx.v1.NewOrder
             * @instance
             */
            NewOrder.prototype.clientOrderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * NewOrder side.
             * @member {patx.v1.Side} side
             * @memberof patx.v1.NewOrder
             * @instance
             */
            NewOrder.prototype.side = 0;

            /**
             * NewOrder orderType.
             * @member {patx.v1.OrderType} orderType
             * @memberof patx.v1.NewOrder
             * @instance
             */
            NewOrder.prototype.orderType = 0;

            /**
             * NewOrder timeInForce.
             * @member {patx.v1.TimeInForce} timeInForce
             * @memberof patx.v1.NewOrder
             * @instance
             */
            NewOrder.prototype.timeInForce = 0;

            /**
             * NewOrder priceMicros.
             * @member {number} priceMicros
             * @memberof patx.v1.NewOrder
             * @instance
             */
            NewOrder.prototype.priceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * NewOrder qty.
             * @member {number} qty
             * @memberof patx.v1.NewOrder
             * @instance
             */
            NewOrder.prototype.qty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * NewOrder expireAtMs.
             * @member {number} expireAtMs
             * @memberof patx.v1.NewOrder
             * @instance
             */
            NewOrder.prototype.expireAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * NewOrder postOnly.
             * @member {boolean} postOnly
             * @memberof patx.v1.NewOrder
             * @instance
             */
            NewOrder.prototype.postOnly = false;

            /**
             * NewOrder selfTradePrevention.
             * @member {patx.v1.SelfTradePrevention} selfTradePrevention
             * @memberof patx.v1.NewOrder
             * @instance
             */
            NewOrder.prototype.selfTradePrevention = 0;

            /**
             * Creates a new NewOrder instance using the specified properties.
             * @function create
             * @memberof patx.v1.NewOrder
             * @static
             * @param {patx.v1.NewOrder.$Properties=} [properties] Properties to set
             * @returns {patx.v1.NewOrder} NewOrder instance
             * @type {{
             *   (properties: patx.v1.NewOrder.$Shape): patx.v1.NewOrder & patx.v1.NewOrder.$Shape;
             *   (properties?: patx.v1.NewOrder.$Properties): patx.v1.NewOrder;
             * }}
             */
            NewOrder.create = function(properties) {
                return new NewOrder(properties);
            };

            /**
             * Encodes the specified NewOrder message. Does not implicitly {@link patx.v1.NewOrder.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.NewOrder
             * @static
             * @param {patx.v1.NewOrder.$Properties} message NewOrder message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            NewOrder.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.clientOrderId != null && $Object.hasOwnProperty.call(message, "clientOrderId") && (typeof message.clientOrderId === "object" ? message.clientOrderId.low || message.clientOrderId.high : message.clientOrderId !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.clientOrderId);
                if (message.side != null && $Object.hasOwnProperty.call(message, "side") && message.side !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.side);
                if (message.orderType != null && $Object.hasOwnProperty.call(message, "orderType") && message.orderType !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.orderType);
                if (message.timeInForce != null && $Object.hasOwnProperty.call(message, "timeInForce") && message.timeInForce !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).int32(message.timeInForce);
                if (message.priceMicros != null && $Object.hasOwnProperty.call(message, "priceMicros") && (typeof message.priceMicros === "object" ? message.priceMicros.low || message.priceMicros.high : message.priceMicros !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.priceMicros);
                if (message.qty != null && $Object.hasOwnProperty.call(message, "qty") && (typeof message.qty === "object" ? message.qty.low || message.qty.high : message.qty !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.qty);
                if (message.expireAtMs != null && $Object.hasOwnProperty.call(message, "expireAtMs") && (typeof message.expireAtMs === "object" ? message.expireAtMs.low || message.expireAtMs.high : message.expireAtMs !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.expireAtMs);
                if (message.postOnly != null && $Object.hasOwnProperty.call(message, "postOnly") && message.postOnly !== false)
                    writer.uint32(/* id 9, wireType 0 =*/72).bool(message.postOnly);
                if (message.selfTradePrevention != null && $Object.hasOwnProperty.call(message, "selfTradePrevention") && message.selfTradePrevention !== 0)
                    writer.uint32(/* id 10, wireType 0 =*/80).int32(message.selfTradePrevention);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a NewOrder message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.NewOrder
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.NewOrder & patx.v1.NewOrder.$Shape} NewOrder
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            NewOrder.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.NewOrder();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.clientOrderId = value;
                            else
                                delete message.clientOrderId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.side = value;
                            else
                                delete message.side;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.orderType = value;
                            else
                                delete message.orderType;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.timeInForce = value;
                            else
                                delete message.timeInForce;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.priceMicros = value;
                            else
                                delete message.priceMicros;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.qty = value;
                            else
                                delete message.qty;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.expireAtMs = value;
                            else
                                delete message.expireAtMs;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.postOnly = value;
                            else
                                delete message.postOnly;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.selfTradePrevention = value;
                            else
                                delete message.selfTradePrevention;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return NewOrder;
        })();

        v1.CancelOrder = (function() {

            /**
             * Properties of a CancelOrder.
             * @typedef {Object} patx.v1.CancelOrder.$Properties
             * @property {number|null} [orderId] CancelOrder orderId
             * @property {number|null} [clientOrderId] CancelOrder clientOrderId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CancelOrder.
             * @memberof patx.v1
             * @interface ICancelOrder
             * @augments patx.v1.CancelOrder.$Properties
             * @deprecated Use patx.v1.CancelOrder.$Properties instead.
             */

            /**
             * Shape of a CancelOrder.
             * @typedef {patx.v1.CancelOrder.$Properties} patx.v1.CancelOrder.$Shape
             */

            /**
             * Constructs a new CancelOrder.
             * @memberof patx.v1
             * @classdesc Represents a CancelOrder.
             * @constructor
             * @param {patx.v1.CancelOrder.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CancelOrder = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CancelOrder orderId.
             * @member {number} orderId
             * @memberof patx.v1.CancelOrder
             * @instance
             */
            CancelOrder.prototype.orderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * CancelOrder clientOrderId.
             * @member {number} clientOrderId
             * @memberof patx.v1.CancelOrder
             * @instance
             */
            CancelOrder.prototype.clientOrderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new CancelOrder instance using the specified properties.
             * @function create
             * @memberof patx.v1.CancelOrder
             * @static
             * @param {patx.v1.CancelOrder.$Properties=} [properties] Properties to set
             * @returns {patx.v1.CancelOrder} CancelOrder instance
             * @type {{
             *   (properties: patx.v1.CancelOrder.$Shape): patx.v1.CancelOrder & patx.v1.CancelOrder.$Shape;
             *   (properties?: patx.v1.CancelOrder.$Properties): patx.v1.CancelOrder;
             * }}
             */
            CancelOrder.create = function(properties) {
                return new CancelOrder(properties);
            };

            /**
             * Encodes the specified CancelOrder message. Does not implicitly {@link patx.v1.CancelOrder.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.CancelOrder
             * @static
             * @param {patx.v1.CancelOrder.$Properties} message CancelOrder message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CancelOrder.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.orderId != null && $Object.hasOwnProperty.call(message, "orderId") && (typeof message.orderId === "object" ? message.orderId.low || message.orderId.high : message.orderId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.orderId);
                if (message.clientOrderId != null && $Object.hasOwnProperty.call(message, "clientOrderId") && (typeof message.clientOrderId === "object" ? message.clientOrderId.low || message.clientOrderId.high : message.clientOrderId !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.clientOrderId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CancelOrder message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.CancelOrder
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.CancelOrder & patx.v1.CancelOrder.$Shape} CancelOrder
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CancelOrder.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.CancelOrder();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.orderId = value;
                            else
                                delete message.orderId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.clientOrderId = value;
                            else
                                delete message.clientOrderId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return CancelOrder;
        })();

        v1.AmendOrder = (function() {

            /**
             * Properties of an AmendOrder.
             * @typedef {Object} patx.v1.AmendOrder.$Properties
             * @property {number|null} [orderId] AmendOrder orderId
             * @property {number|null} [newQty] AmendOrder newQty
             * @property {number|null} [newPriceMicros] AmendOrder newPriceMicros
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AmendOrder.
             * @memberof patx.v1
             * @interface IAmendOrder
             * @augments patx.v1.AmendOrder.$Properties
             * @deprecated Use patx.v1.AmendOrder.$Properties instead.
             */

            /**
             * Shape of an AmendOrder.
             * @typedef {patx.v1.AmendOrder.$Properties} patx.v1.AmendOrder.$Shape
             */

            /**
             * Constructs a new AmendOrder.
             * @memberof patx.v1
             * @classdesc Represents an AmendOrder.
             * @constructor
             * @param {patx.v1.AmendOrder.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AmendOrder = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AmendOrder orderId.
             * @member {number} orderId
             * @memberof patx.v1.AmendOrder
             * @instance
             */
            AmendOrder.prototype.orderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AmendOrder newQty.
             * @member {number} newQty
             * @memberof patx.v1.AmendOrder
             * @instance
             */
            AmendOrder.prototype.newQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AmendOrder newPriceMicros.
             * @member {number} newPriceMicros
             * @memberof patx.v1.AmendOrder
             * @instance
             */
            AmendOrder.prototype.newPriceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new AmendOrder instance using the specified properties.
             * @function create
             * @memberof patx.v1.AmendOrder
             * @static
             * @param {patx.v1.AmendOrder.$Properties=} [properties] Properties to set
             * @returns {patx.v1.AmendOrder} AmendOrder instance
             * @type {{
             *   (properties: patx.v1.AmendOrder.$Shape): patx.v1.AmendOrder & patx.v1.AmendOrder.$Shape;
             *   (properties?: patx.v1.AmendOrder.$Properties): patx.v1.AmendOrder;
             * }}
             */
            AmendOrder.create = function(properties) {
                return new AmendOrder(properties);
            };

            /**
             * Encodes the specified AmendOrder message. Does not implicitly {@link patx.v1.AmendOrder.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.AmendOrder
             * @static
             * @param {patx.v1.AmendOrder.$Properties} message AmendOrder message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AmendOrder.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.orderId != null && $Object.hasOwnProperty.call(message, "orderId") && (typeof message.orderId === "object" ? message.orderId.low || message.orderId.high : message.orderId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.orderId);
                if (message.newQty != null && $Object.hasOwnProperty.call(message, "newQty") && (typeof message.newQty === "object" ? message.newQty.low || message.newQty.high : message.newQty !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.newQty);
                if (message.newPriceMicros != null && $Object.hasOwnProperty.call(message, "newPriceMicros") && (typeof message.newPriceMicros === "object" ? message.newPriceMicros.low || message.newPriceMicros.high : message.newPriceMicros !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.newPriceMicros);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AmendOrder message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.AmendOrder
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.AmendOrder & patx.v1.AmendOrder.$Shape} AmendOrder
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AmendOrder.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.AmendOrder();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.orderId = value;
                            else
                                delete message.orderId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.newQty = value;
                            else
                                delete message.newQty;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.newPriceMicros = value;
                            else
                                delete message.newPriceMicros;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return AmendOrder;
        })();

        v1.MassCancel = (function() {

            /**
             * Properties of a MassCancel.
             * @typedef {Object} patx.v1.MassCancel.$Properties
             * @property {patx.v1.MassCancelScope|null} [scope] MassCancel scope
             * @property {number|null} [seriesId] MassCancel seriesId
             * @property {number|null} [accountId] MassCancel accountId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MassCancel.
             * @memberof patx.v1
             * @interface IMassCancel
             * @augments patx.v1.MassCancel.$Properties
             * @deprecated Use patx.v1.MassCancel.$Properties instead.
             */

            /**
             * Shape of a MassCancel.
             * @typedef {patx.v1.MassCancel.$Properties} patx.v1.MassCancel.$Shape
             */

            /**
             * Constructs a new MassCancel.
             * @memberof patx.v1
             * @classdesc Represents a MassCancel.
             * @constructor
             * @param {patx.v1.MassCancel.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MassCancel = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MassCancel scope.
             * @member {patx.v1.MassCancelScope} scope
             * @memberof patx.v1.MassCancel
             * @instance
             */
            MassCancel.prototype.scope = 0;

            /**
             * MassCancel seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.MassCancel
             * @instance
             */
            MassCancel.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * MassCancel accountId.
             * @member {number} accountId
             * @memberof patx.v1.MassCancel
             * @instance
             */
            MassCancel.prototype.accountId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new MassCancel instance using the specified properties.
             * @function create
             * @memberof patx.v1.MassCancel
             * @static
             * @param {patx.v1.MassCancel.$Properties=} [properties] Properties to set
             * @returns {patx.v1.MassCancel} MassCancel instance
             * @type {{
             *   (properties: patx.v1.MassCancel.$Shape): patx.v1.MassCancel & patx.v1.MassCancel.$Shape;
             *   (properties?: patx.v1.MassCancel.$Properties): patx.v1.MassCancel;
             * }}
             */
            MassCancel.create = function(properties) {
                return new MassCancel(properties);
            };

            /**
             * Encodes the specified MassCancel message. Does not implicitly {@link patx.v1.MassCancel.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.MassCancel
             * @static
             * @param {patx.v1.MassCancel.$Properties} message MassCancel message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MassCancel.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.scope != null && $Object.hasOwnProperty.call(message, "scope") && message.scope !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.scope);
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seriesId);
                if (message.accountId != null && $Object.hasOwnProperty.call(message, "accountId") && (typeof message.accountId === "object" ? message.accountId.low || message.accountId.high : message.accountId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.accountId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MassCancel message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.MassCancel
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.MassCancel & patx.v1.MassCancel.$Shape} MassCancel
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MassCancel.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.MassCancel();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.scope = value;
                            else
                                delete message.scope;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.accountId = value;
                            else
                                delete message.accountId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return MassCancel;
        })();

        v1.DeclareCapacity = (function() {

            /**
             * Properties of a DeclareCapacity.
             * @typedef {Object} patx.v1.DeclareCapacity.$Properties
             * @property {number|null} [seriesId] DeclareCapacity seriesId
             * @property {number|null} [capacity] DeclareCapacity capacity
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DeclareCapacity.
             * @memberof patx.v1
             * @interface IDeclareCapacity
             * @augments patx.v1.DeclareCapacity.$Properties
             * @deprecated Use patx.v1.DeclareCapacity.$Properties instead.
             */

            /**
             * Shape of a DeclareCapacity.
             * @typedef {patx.v1.DeclareCapacity.$Properties} patx.v1.DeclareCapacity.$Shape
             */

            /**
             * Constructs a new DeclareCapacity.
             * @memberof patx.v1
             * @classdesc Represents a DeclareCapacity.
             * @constructor
             * @param {patx.v1.DeclareCapacity.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DeclareCapacity = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * DeclareCapacity seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.DeclareCapacity
             * @instance
             */
            DeclareCapacity.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * DeclareCapacity capacity.
             * @member {number} capacity
             * @memberof patx.v1.DeclareCapacity
             * @instance
             */
            DeclareCapacity.prototype.capacity = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new DeclareCapacity instance using the specified properties.
             * @function create
             * @memberof patx.v1.DeclareCapacity
             * @static
             * @param {patx.v1.DeclareCapacity.$Properties=} [properties] Properties to set
             * @returns {patx.v1.DeclareCapacity} DeclareCapacity instance
             * @type {{
             *   (properties: patx.v1.DeclareCapacity.$Shape): patx.v1.DeclareCapacity & patx.v1.DeclareCapacity.$Shape;
             *   (properties?: patx.v1.DeclareCapacity.$Properties): patx.v1.DeclareCapacity;
             * }}
             */
            DeclareCapacity.create = function(properties) {
                return new DeclareCapacity(properties);
            };

            /**
             * Encodes the specified DeclareCapacity message. Does not implicitly {@link patx.v1.DeclareCapacity.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.DeclareCapacity
             * @static
             * @param {patx.v1.DeclareCapacity.$Properties} message DeclareCapacity message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DeclareCapacity.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.capacity != null && $Object.hasOwnProperty.call(message, "capacity") && (typeof message.capacity === "object" ? message.capacity.low || message.capacity.high : message.capacity !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.capacity);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a DeclareCapacity message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.DeclareCapacity
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.DeclareCapacity & patx.v1.DeclareCapacity.$Shape} DeclareCapacity
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DeclareCapacity.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.DeclareCapacity();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.capacity = value;
                            else
                                delete message.capacity;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return DeclareCapacity;
        })();

        v1.Mint = (function() {

            /**
             * Properties of a Mint.
             * @typedef {Object} patx.v1.Mint.$Properties
             * @property {number|null} [seriesId] Mint seriesId
             * @property {number|null} [qty] Mint qty
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Mint.
             * @memberof patx.v1
             * @interface IMint
             * @augments patx.v1.Mint.$Properties
             * @deprecated Use patx.v1.Mint.$Properties instead.
             */

            /**
             * Shape of a Mint.
             * @typedef {patx.v1.Mint.$Properties} patx.v1.Mint.$Shape
             */

            /**
             * Constructs a new Mint.
             * @memberof patx.v1
             * @classdesc Represents a Mint.
             * @constructor
             * @param {patx.v1.Mint.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Mint = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Mint seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.Mint
             * @instance
             */
            Mint.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Mint qty.
             * @member {number} qty
             * @memberof patx.v1.Mint
             * @instance
             */
            Mint.prototype.qty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Mint instance using the specified properties.
             * @function create
             * @memberof patx.v1.Mint
             * @static
             * @param {patx.v1.Mint.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Mint} Mint instance
             * @type {{
             *   (properties: patx.v1.Mint.$Shape): patx.v1.Mint & patx.v1.Mint.$Shape;
             *   (properties?: patx.v1.Mint.$Properties): patx.v1.Mint;
             * }}
             */
            Mint.create = function(properties) {
                return new Mint(properties);
            };

            /**
             * Encodes the specified Mint message. Does not implicitly {@link patx.v1.Mint.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Mint
             * @static
             * @param {patx.v1.Mint.$Properties} message Mint message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Mint.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.qty != null && $Object.hasOwnProperty.call(message, "qty") && (typeof message.qty === "object" ? message.qty.low || message.qty.high : message.qty !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.qty);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Mint message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Mint
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Mint & patx.v1.Mint.$Shape} Mint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Mint.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Mint();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.qty = value;
                            else
                                delete message.qty;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Mint;
        })();

        v1.Exercise = (function() {

            /**
             * Properties of an Exercise.
             * @typedef {Object} patx.v1.Exercise.$Properties
             * @property {number|null} [seriesId] Exercise seriesId
             * @property {number|null} [qty] Exercise qty
             * @property {number|null} [listingId] Exercise listingId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Exercise.
             * @memberof patx.v1
             * @interface IExercise
             * @augments patx.v1.Exercise.$Properties
             * @deprecated Use patx.v1.Exercise.$Properties instead.
             */

            /**
             * Shape of an Exercise.
             * @typedef {patx.v1.Exercise.$Properties} patx.v1.Exercise.$Shape
             */

            /**
             * Constructs a new Exercise.
             * @memberof patx.v1
             * @classdesc Represents an Exercise.
             * @constructor
             * @param {patx.v1.Exercise.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Exercise = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Exercise seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.Exercise
             * @instance
             */
            Exercise.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Exercise qty.
             * @member {number} qty
             * @memberof patx.v1.Exercise
             * @instance
             */
            Exercise.prototype.qty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Exercise listingId.
             * @member {number} listingId
             * @memberof patx.v1.Exercise
             * @instance
             */
            Exercise.prototype.listingId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Exercise instance using the specified properties.
             * @function create
             * @memberof patx.v1.Exercise
             * @static
             * @param {patx.v1.Exercise.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Exercise} Exercise instance
             * @type {{
             *   (properties: patx.v1.Exercise.$Shape): patx.v1.Exercise & patx.v1.Exercise.$Shape;
             *   (properties?: patx.v1.Exercise.$Properties): patx.v1.Exercise;
             * }}
             */
            Exercise.create = function(properties) {
                return new Exercise(properties);
            };

            /**
             * Encodes the specified Exercise message. Does not implicitly {@link patx.v1.Exercise.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Exercise
             * @static
             * @param {patx.v1.Exercise.$Properties} message Exercise message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Exercise.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.qty != null && $Object.hasOwnProperty.call(message, "qty") && (typeof message.qty === "object" ? message.qty.low || message.qty.high : message.qty !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.qty);
                if (message.listingId != null && $Object.hasOwnProperty.call(message, "listingId") && (typeof message.listingId === "object" ? message.listingId.low || message.listingId.high : message.listingId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.listingId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Exercise message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Exercise
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Exercise & patx.v1.Exercise.$Shape} Exercise
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Exercise.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Exercise();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.qty = value;
                            else
                                delete message.qty;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.listingId = value;
                            else
                                delete message.listingId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Exercise;
        })();

        v1.RequestWithdrawal = (function() {

            /**
             * Properties of a RequestWithdrawal.
             * @typedef {Object} patx.v1.RequestWithdrawal.$Properties
             * @property {string|null} [amountWei] RequestWithdrawal amountWei
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RequestWithdrawal.
             * @memberof patx.v1
             * @interface IRequestWithdrawal
             * @augments patx.v1.RequestWithdrawal.$Properties
             * @deprecated Use patx.v1.RequestWithdrawal.$Properties instead.
             */

            /**
             * Shape of a RequestWithdrawal.
             * @typedef {patx.v1.RequestWithdrawal.$Properties} patx.v1.RequestWithdrawal.$Shape
             */

            /**
             * Constructs a new RequestWithdrawal.
             * @memberof patx.v1
             * @classdesc Represents a RequestWithdrawal.
             * @constructor
             * @param {patx.v1.RequestWithdrawal.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RequestWithdrawal = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RequestWithdrawal amountWei.
             * @member {string} amountWei
             * @memberof patx.v1.RequestWithdrawal
             * @instance
             */
            RequestWithdrawal.prototype.amountWei = "";

            /**
             * Creates a new RequestWithdrawal instance using the specified properties.
             * @function create
             * @memberof patx.v1.RequestWithdrawal
             * @static
             * @param {patx.v1.RequestWithdrawal.$Properties=} [properties] Properties to set
             * @returns {patx.v1.RequestWithdrawal} RequestWithdrawal instance
             * @type {{
             *   (properties: patx.v1.RequestWithdrawal.$Shape): patx.v1.RequestWithdrawal & patx.v1.RequestWithdrawal.$Shape;
             *   (properties?: patx.v1.RequestWithdrawal.$Properties): patx.v1.RequestWithdrawal;
             * }}
             */
            RequestWithdrawal.create = function(properties) {
                return new RequestWithdrawal(properties);
            };

            /**
             * Encodes the specified RequestWithdrawal message. Does not implicitly {@link patx.v1.RequestWithdrawal.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.RequestWithdrawal
             * @static
             * @param {patx.v1.RequestWithdrawal.$Properties} message RequestWithdrawal message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RequestWithdrawal.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.amountWei != null && $Object.hasOwnProperty.call(message, "amountWei") && message.amountWei !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.amountWei);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RequestWithdrawal message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.RequestWithdrawal
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.RequestWithdrawal & patx.v1.RequestWithdrawal.$Shape} RequestWithdrawal
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RequestWithdrawal.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.RequestWithdrawal();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.amountWei = value;
                            else
                                delete message.amountWei;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return RequestWithdrawal;
        })();

        v1.CommandAck = (function() {

            /**
             * Properties of a CommandAck.
             * @typedef {Object} patx.v1.CommandAck.$Properties
             * @property {number|null} [seq] CommandAck seq
             * @property {number|null} [timeMs] CommandAck timeMs
             * @property {patx.v1.RejectReason|null} [rejectReason] CommandAck rejectReason
             * @property {Array.<patx.v1.ExecutionReport.$Properties>|null} [reports] CommandAck reports
             * @property {number|null} [withdrawalId] CommandAck withdrawalId
             * @property {number|null} [exerciseId] CommandAck exerciseId
             * @property {Array.<patx.v1.AccessGrant.$Properties>|null} [grants] CommandAck grants
             * @property {number|null} [subscriptionId] CommandAck subscriptionId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CommandAck.
             * @memberof patx.v1
             * @interface ICommandAck
             * @augments patx.v1.CommandAck.$Properties
             * @deprecated Use patx.v1.CommandAck.$Properties instead.
             */

            /**
             * Shape of a CommandAck.
             * @typedef {patx.v1.CommandAck.$Properties} patx.v1.CommandAck.$Shape
             */

            /**
             * Constructs a new CommandAck.
             * @memberof patx.v1
             * @classdesc Represents a CommandAck.
             * @constructor
             * @param {patx.v1.CommandAck.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CommandAck = function (properties) {
                this.reports = [];
                this.grants = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CommandAck seq.
             * @member {number} seq
             * @memberof patx.v1.CommandAck
             * @instance
             */
            CommandAck.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * CommandAck timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.CommandAck
             * @instance
             */
            CommandAck.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * CommandAck rejectReason.
             * @member {patx.v1.RejectReason} rejectReason
             * @memberof patx.v1.CommandAck
             * @instance
             */
            CommandAck.prototype.rejectReason = 0;

            /**
             * CommandAck reports.
             * @member {Array.<patx.v1.ExecutionReport.$Properties>} reports
             * @memberof patx.v1.CommandAck
             * @instance
             */
            CommandAck.prototype.reports = $util.emptyArray;

            /**
             * CommandAck withdrawalId.
             * @member {number} withdrawalId
             * @memberof patx.v1.CommandAck
             * @instance
             */
            CommandAck.prototype.withdrawalId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * CommandAck exerciseId.
             * @member {number} exerciseId
             * @memberof patx.v1.CommandAck
             * @instance
             */
            CommandAck.prototype.exerciseId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * CommandAck grants.
             * @member {Array.<patx.v1.AccessGrant.$Properties>} grants
             * @memberof patx.v1.CommandAck
             * @instance
             */
            CommandAck.prototype.grants = $util.emptyArray;

            /**
             * CommandAck subscriptionId.
             * @member {number} subscriptionId
             * @memberof patx.v1.CommandAck
             * @instance
             */
            CommandAck.prototype.subscriptionId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new CommandAck instance using the specified properties.
             * @function create
             * @memberof patx.v1.CommandAck
             * @static
             * @param {patx.v1.CommandAck.$Properties=} [properties] Properties to set
             * @returns {patx.v1.CommandAck} CommandAck instance
             * @type {{
             *   (properties: patx.v1.CommandAck.$Shape): patx.v1.CommandAck & patx.v1.CommandAck.$Shape;
             *   (properties?: patx.v1.CommandAck.$Properties): patx.v1.CommandAck;
             * }}
             */
            CommandAck.create = function(properties) {
                return new CommandAck(properties);
            };

            /**
             * Encodes the specified CommandAck message. Does not implicitly {@link patx.v1.CommandAck.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.CommandAck
             * @static
             * @param {patx.v1.CommandAck.$Properties} message CommandAck message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CommandAck.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.timeMs);
                if (message.rejectReason != null && $Object.hasOwnProperty.call(message, "rejectReason") && message.rejectReason !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.rejectReason);
                if (message.reports != null && message.reports.length)
                    for (let i = 0; i < message.reports.length; ++i)
                        $root.patx.v1.ExecutionReport.encode(message.reports[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.withdrawalId != null && $Object.hasOwnProperty.call(message, "withdrawalId") && (typeof message.withdrawalId === "object" ? message.withdrawalId.low || message.withdrawalId.high : message.withdrawalId !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.withdrawalId);
                if (message.exerciseId != null && $Object.hasOwnProperty.call(message, "exerciseId") && (typeof message.exerciseId === "object" ? message.exerciseId.low || message.exerciseId.high : message.exerciseId !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.exerciseId);
                if (message.grants != null && message.grants.length)
                    for (let i = 0; i < message.grants.length; ++i)
                        $root.patx.v1.AccessGrant.encode(message.grants[i], writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.subscriptionId != null && $Object.hasOwnProperty.call(message, "subscriptionId") && (typeof message.subscriptionId === "object" ? message.subscriptionId.low || message.subscriptionId.high : message.subscriptionId !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.subscriptionId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CommandAck message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.CommandAck
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.CommandAck & patx.v1.CommandAck.$Shape} CommandAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CommandAck.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.CommandAck();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.rejectReason = value;
                            else
                                delete message.rejectReason;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.reports && message.reports.length))
                                message.reports = [];
                            message.reports.push($root.patx.v1.ExecutionReport.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.withdrawalId = value;
                            else
                                delete message.withdrawalId;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.exerciseId = value;
                            else
                                delete message.exerciseId;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if (!(message.grants && message.grants.length))
                                message.grants = [];
                            message.grants.push($root.patx.v1.AccessGrant.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.subscriptionId = value;
                            else
                                delete message.subscriptionId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return CommandAck;
        })();

        v1.AccessGrant = (function() {

            /**
             * Properties of an AccessGrant.
             * @typedef {Object} patx.v1.AccessGrant.$Properties
             * @property {number|null} [grantId] AccessGrant grantId
             * @property {string|null} [consumer] AccessGrant consumer
             * @property {string|null} [provider] AccessGrant provider
             * @property {number|null} [listingId] AccessGrant listingId
             * @property {number|null} [listingVersion] AccessGrant listingVersion
             * @property {number|null} [seriesId] AccessGrant seriesId
             * @property {number|null} [windowOpenMs] AccessGrant windowOpenMs
             * @property {number|null} [windowCloseMs] AccessGrant windowCloseMs
             * @property {number|null} [quantity] AccessGrant quantity
             * @property {number|null} [expiresAtMs] AccessGrant expiresAtMs
             * @property {number|null} [nonce] AccessGrant nonce
             * @property {Uint8Array|null} [signature] AccessGrant signature
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AccessGrant.
             * @memberof patx.v1
             * @interface IAccessGrant
             * @augments patx.v1.AccessGrant.$Properties
             * @deprecated Use patx.v1.AccessGrant.$Properties instead.
             */

            /**
             * Shape of an AccessGrant.
             * @typedef {patx.v1.AccessGrant.$Properties} patx.v1.AccessGrant.$Shape
             */

            /**
             * Constructs a new AccessGrant.
             * @memberof patx.v1
             * @classdesc Represents an AccessGrant.
             * @constructor
             * @param {patx.v1.AccessGrant.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AccessGrant = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AccessGrant grantId.
             * @member {number} grantId
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.grantId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AccessGrant consumer.
             * @member {string} consumer
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.consumer = "";

            /**
             * AccessGrant provider.
             * @member {string} provider
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.provider = "";

            /**
             * AccessGrant listingId.
             * @member {number} listingId
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.listingId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AccessGrant listingVersion.
             * @member {number} listingVersion
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.listingVersion = 0;

            /**
             * AccessGrant seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AccessGrant windowOpenMs.
             * @member {number} windowOpenMs
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.windowOpenMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * AccessGrant windowCloseMs.
             * @member {number} windowCloseMs
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.windowCloseMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * AccessGrant quantity.
             * @member {number} quantity
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.quantity = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AccessGrant expiresAtMs.
             * @member {number} expiresAtMs
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.expiresAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * AccessGrant nonce.
             * @member {number} nonce
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.nonce = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AccessGrant signature.
             * @member {Uint8Array} signature
             * @memberof patx.v1.AccessGrant
             * @instance
             */
            AccessGrant.prototype.signature = $util.newBuffer([]);

            /**
             * Creates a new AccessGrant instance using the specified properties.
             * @function create
             * @memberof patx.v1.AccessGrant
             * @static
             * @param {patx.v1.AccessGrant.$Properties=} [properties] Properties to set
             * @returns {patx.v1.AccessGrant} AccessGrant instance
             * @type {{
             *   (properties: patx.v1.AccessGrant.$Shape): patx.v1.AccessGrant & patx.v1.AccessGrant.$Shape;
             *   (properties?: patx.v1.AccessGrant.$Properties): patx.v1.AccessGrant;
             * }}
             */
            AccessGrant.create = function(properties) {
                return new AccessGrant(properties);
            };

            /**
             * Encodes the specified AccessGrant message. Does not implicitly {@link patx.v1.AccessGrant.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.AccessGrant
             * @static
             * @param {patx.v1.AccessGrant.$Properties} message AccessGrant message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AccessGrant.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.grantId != null && $Object.hasOwnProperty.call(message, "grantId") && (typeof message.grantId === "object" ? message.grantId.low || message.grantId.high : message.grantId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.grantId);
                if (message.consumer != null && $Object.hasOwnProperty.call(message, "consumer") && message.consumer !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.consumer);
                if (message.provider != null && $Object.hasOwnProperty.call(message, "provider") && message.provider !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.provider);
                if (message.listingId != null && $Object.hasOwnProperty.call(message, "listingId") && (typeof message.listingId === "object" ? message.listingId.low || message.listingId.high : message.listingId !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.listingId);
                if (message.listingVersion != null && $Object.hasOwnProperty.call(message, "listingVersion") && message.listingVersion !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.listingVersion);
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.seriesId);
                if (message.windowOpenMs != null && $Object.hasOwnProperty.call(message, "windowOpenMs") && (typeof message.windowOpenMs === "object" ? message.windowOpenMs.low || message.windowOpenMs.high : message.windowOpenMs !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.windowOpenMs);
                if (message.windowCloseMs != null && $Object.hasOwnProperty.call(message, "windowCloseMs") && (typeof message.windowCloseMs === "object" ? message.windowCloseMs.low || message.windowCloseMs.high : message.windowCloseMs !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.windowCloseMs);
                if (message.quantity != null && $Object.hasOwnProperty.call(message, "quantity") && (typeof message.quantity === "object" ? message.quantity.low || message.quantity.high : message.quantity !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.quantity);
                if (message.expiresAtMs != null && $Object.hasOwnProperty.call(message, "expiresAtMs") && (typeof message.expiresAtMs === "object" ? message.expiresAtMs.low || message.expiresAtMs.high : message.expiresAtMs !== 0))
                    writer.uint32(/* id 10, wireType 0 =*/80).int64(message.expiresAtMs);
                if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce") && (typeof message.nonce === "object" ? message.nonce.low || message.nonce.high : message.nonce !== 0))
                    writer.uint32(/* id 11, wireType 0 =*/88).uint64(message.nonce);
                if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                    writer.uint32(/* id 12, wireType 2 =*/98).bytes(message.signature);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AccessGrant message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.AccessGrant
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.AccessGrant & patx.v1.AccessGrant.$Shape} AccessGrant
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AccessGrant.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.AccessGrant();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.grantId = value;
                            else
                                delete message.grantId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.consumer = value;
                            else
                                delete message.consumer;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.provider = value;
                            else
                                delete message.provider;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.listingId = value;
                            else
                                delete message.listingId;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.listingVersion = value;
                            else
                                delete message.listingVersion;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.windowOpenMs = value;
                            else
                                delete message.windowOpenMs;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.windowCloseMs = value;
                            else
                                delete message.windowCloseMs;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.quantity = value;
                            else
                                delete message.quantity;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.expiresAtMs = value;
                            else
                                delete message.expiresAtMs;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.nonce = value;
                            else
                                delete message.nonce;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.signature = value;
                            else
                                delete message.signature;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return AccessGrant;
        })();

        v1.ExecutionReport = (function() {

            /**
             * Properties of an ExecutionReport.
             * @typedef {Object} patx.v1.ExecutionReport.$Properties
             * @property {number|null} [seq] ExecutionReport seq
             * @property {patx.v1.ExecType|null} [execType] ExecutionReport execType
             * @property {patx.v1.OrdStatus|null} [ordStatus] ExecutionReport ordStatus
             * @property {number|null} [orderId] ExecutionReport orderId
             * @property {number|null} [clientOrderId] ExecutionReport clientOrderId
             * @property {number|null} [seriesId] ExecutionReport seriesId
             * @property {number|null} [orderQty] ExecutionReport orderQty
             * @property {number|null} [cumQty] ExecutionReport cumQty
             * @property {number|null} [leavesQty] ExecutionReport leavesQty
             * @property {number|null} [lastQty] ExecutionReport lastQty
             * @property {number|null} [lastPriceMicros] ExecutionReport lastPriceMicros
             * @property {number|null} [canceledQty] ExecutionReport canceledQty
             * @property {patx.v1.RejectReason|null} [rejectReason] ExecutionReport rejectReason
             * @property {number|null} [tradeId] ExecutionReport tradeId
             * @property {number|null} [timeMs] ExecutionReport timeMs
             * @property {number|null} [feeMicros] ExecutionReport feeMicros
             * @property {patx.v1.Side|null} [side] ExecutionReport side
             * @property {number|null} [priceMicros] ExecutionReport priceMicros
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an ExecutionReport.
             * @memberof patx.v1
             * @interface IExecutionReport
             * @augments patx.v1.ExecutionReport.$Properties
             * @deprecated Use patx.v1.ExecutionReport.$Properties instead.
             */

            /**
             * Shape of an ExecutionReport.
             * @typedef {patx.v1.ExecutionReport.$Properties} patx.v1.ExecutionReport.$Shape
             */

            /**
             * Constructs a new ExecutionReport.
             * @memberof patx.v1
             * @classdesc Represents an ExecutionReport.
             * @constructor
             * @param {patx.v1.ExecutionReport.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ExecutionReport = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ExecutionReport seq.
             * @member {number} seq
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExecutionReport execType.
             * @member {patx.v1.ExecType} execType
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.execType = 0;

            /**
             * ExecutionReport ordStatus.
             * @member {patx.v1.OrdStatus} ordStatus
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.ordStatus = 0;

            /**
             * ExecutionReport orderId.
             * @member {number} orderId
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.orderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExecutionReport clientOrderId.
             * @member {number} clientOrderId
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.clientOrderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExecutionReport seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExecutionReport orderQty.
             * @member {number} orderQty
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.orderQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExecutionReport cumQty.
             * @member {number} cumQty
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.cumQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExecutionReport leavesQty.
             * @member {number} leavesQty
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.leavesQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExecutionReport lastQty.
             * @member {number} lastQty
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.lastQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExecutionReport lastPriceMicros.
             * @member {number} lastPriceMicros
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.lastPriceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ExecutionReport canceledQty.
             * @member {number} canceledQty
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.canceledQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExecutionReport rejectReason.
             * @member {patx.v1.RejectReason} rejectReason
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.rejectReason = 0;

            /**
             * ExecutionReport tradeId.
             * @member {number} tradeId
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.tradeId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExecutionReport timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ExecutionReport feeMicros.
             * @member {number} feeMicros
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.feeMicros = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExecutionReport side.
             * @member {patx.v1.Side} side
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.side = 0;

            /**
             * ExecutionReport priceMicros.
             * @member {number} priceMicros
             * @memberof patx.v1.ExecutionReport
             * @instance
             */
            ExecutionReport.prototype.priceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new ExecutionReport instance using the specified properties.
             * @function create
             * @memberof patx.v1.ExecutionReport
             * @static
             * @param {patx.v1.ExecutionReport.$Properties=} [properties] Properties to set
             * @returns {patx.v1.ExecutionReport} ExecutionReport instance
             * @type {{
             *   (properties: patx.v1.ExecutionReport.$Shape): patx.v1.ExecutionReport & patx.v1.ExecutionReport.$Shape;
             *   (properties?: patx.v1.ExecutionReport.$Properties): patx.v1.ExecutionReport;
             * }}
             */
            ExecutionReport.create = function(properties) {
                return new ExecutionReport(properties);
            };

            /**
             * Encodes the specified ExecutionReport message. Does not implicitly {@link patx.v1.ExecutionReport.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.ExecutionReport
             * @static
             * @param {patx.v1.ExecutionReport.$Properties} message ExecutionReport message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ExecutionReport.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                if (message.execType != null && $Object.hasOwnProperty.call(message, "execType") && message.execType !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.execType);
                if (message.ordStatus != null && $Object.hasOwnProperty.call(message, "ordStatus") && message.ordStatus !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.ordStatus);
                if (message.orderId != null && $Object.hasOwnProperty.call(message, "orderId") && (typeof message.orderId === "object" ? message.orderId.low || message.orderId.high : message.orderId !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.orderId);
                if (message.clientOrderId != null && $Object.hasOwnProperty.call(message, "clientOrderId") && (typeof message.clientOrderId === "object" ? message.clientOrderId.low || message.clientOrderId.high : message.clientOrderId !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.clientOrderId);
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.seriesId);
                if (message.orderQty != null && $Object.hasOwnProperty.call(message, "orderQty") && (typeof message.orderQty === "object" ? message.orderQty.low || message.orderQty.high : message.orderQty !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.orderQty);
                if (message.cumQty != null && $Object.hasOwnProperty.call(message, "cumQty") && (typeof message.cumQty === "object" ? message.cumQty.low || message.cumQty.high : message.cumQty !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.cumQty);
                if (message.leavesQty != null && $Object.hasOwnProperty.call(message, "leavesQty") && (typeof message.leavesQty === "object" ? message.leavesQty.low || message.leavesQty.high : message.leavesQty !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.leavesQty);
                if (message.lastQty != null && $Object.hasOwnProperty.call(message, "lastQty") && (typeof message.lastQty === "object" ? message.lastQty.low || message.lastQty.high : message.lastQty !== 0))
                    writer.uint32(/* id 10, wireType 0 =*/80).uint64(message.lastQty);
                if (message.lastPriceMicros != null && $Object.hasOwnProperty.call(message, "lastPriceMicros") && (typeof message.lastPriceMicros === "object" ? message.lastPriceMicros.low || message.lastPriceMicros.high : message.lastPriceMicros !== 0))
                    writer.uint32(/* id 11, wireType 0 =*/88).int64(message.lastPriceMicros);
                if (message.canceledQty != null && $Object.hasOwnProperty.call(message, "canceledQty") && (typeof message.canceledQty === "object" ? message.canceledQty.low || message.canceledQty.high : message.canceledQty !== 0))
                    writer.uint32(/* id 12, wireType 0 =*/96).uint64(message.canceledQty);
                if (message.rejectReason != null && $Object.hasOwnProperty.call(message, "rejectReason") && message.rejectReason !== 0)
                    writer.uint32(/* id 13, wireType 0 =*/104).int32(message.rejectReason);
                if (message.tradeId != null && $Object.hasOwnProperty.call(message, "tradeId") && (typeof message.tradeId === "object" ? message.tradeId.low || message.tradeId.high : message.tradeId !== 0))
                    writer.uint32(/* id 14, wireType 0 =*/112).uint64(message.tradeId);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 15, wireType 0 =*/120).int64(message.timeMs);
                if (message.feeMicros != null && $Object.hasOwnProperty.call(message, "feeMicros") && (typeof message.feeMicros === "object" ? message.feeMicros.low || message.feeMicros.high : message.feeMicros !== 0))
                    writer.uint32(/* id 16, wireType 0 =*/128).uint64(message.feeMicros);
                if (message.side != null && $Object.hasOwnProperty.call(message, "side") && message.side !== 0)
                    writer.uint32(/* id 17, wireType 0 =*/136).int32(message.side);
                if (message.priceMicros != null && $Object.hasOwnProperty.call(message, "priceMicros") && (typeof message.priceMicros === "object" ? message.priceMicros.low || message.priceMicros.high : message.priceMicros !== 0))
                    writer.uint32(/* id 18, wireType 0 =*/144).int64(message.priceMicros);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an ExecutionReport message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.ExecutionReport
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.ExecutionReport & patx.v1.ExecutionReport.$Shape} ExecutionReport
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ExecutionReport.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.ExecutionReport();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.execType = value;
                            else
                                delete message.execType;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.ordStatus = value;
                            else
                                delete message.ordStatus;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.orderId = value;
                            else
                                delete message.orderId;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.clientOrderId = value;
                            else
                                delete message.clientOrderId;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.orderQty = value;
                            else
                                delete message.orderQty;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.cumQty = value;
                            else
                                delete message.cumQty;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.leavesQty = value;
                            else
                                delete message.leavesQty;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.lastQty = value;
                            else
                                delete message.lastQty;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.lastPriceMicros = value;
                            else
                                delete message.lastPriceMicros;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.canceledQty = value;
                            else
                                delete message.canceledQty;
                            continue;
                        }
                    case 13: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.rejectReason = value;
                            else
                                delete message.rejectReason;
                            continue;
                        }
                    case 14: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.tradeId = value;
                            else
                                delete message.tradeId;
                            continue;
                        }
                    case 15: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 16: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.feeMicros = value;
                            else
                                delete message.feeMicros;
                            continue;
                        }
                    case 17: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.side = value;
                            else
                                delete message.side;
                            continue;
                        }
                    case 18: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.priceMicros = value;
                            else
                                delete message.priceMicros;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ExecutionReport;
        })();

        v1.AccountQuery = (function() {

            /**
             * Properties of an AccountQuery.
             * @typedef {Object} patx.v1.AccountQuery.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AccountQuery.
             * @memberof patx.v1
             * @interface IAccountQuery
             * @augments patx.v1.AccountQuery.$Properties
             * @deprecated Use patx.v1.AccountQuery.$Properties instead.
             */

            /**
             * Shape of an AccountQuery.
             * @typedef {patx.v1.AccountQuery.$Properties} patx.v1.AccountQuery.$Shape
             */

            /**
             * Constructs a new AccountQuery.
             * @memberof patx.v1
             * @classdesc Represents an AccountQuery.
             * @constructor
             * @param {patx.v1.AccountQuery.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AccountQuery = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new AccountQuery instance using the specified properties.
             * @function create
             * @memberof patx.v1.AccountQuery
             * @static
             * @param {patx.v1.AccountQuery.$Properties=} [properties] Properties to set
             * @returns {patx.v1.AccountQuery} AccountQuery instance
             * @type {{
             *   (properties: patx.v1.AccountQuery.$Shape): patx.v1.AccountQuery & patx.v1.AccountQuery.$Shape;
             *   (properties?: patx.v1.AccountQuery.$Properties): patx.v1.AccountQuery;
             * }}
             */
            AccountQuery.create = function(properties) {
                return new AccountQuery(properties);
            };

            /**
             * Encodes the specified AccountQuery message. Does not implicitly {@link patx.v1.AccountQuery.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.AccountQuery
             * @static
             * @param {patx.v1.AccountQuery.$Properties} message AccountQuery message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AccountQuery.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AccountQuery message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.AccountQuery
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.AccountQuery & patx.v1.AccountQuery.$Shape} AccountQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AccountQuery.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.AccountQuery();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return AccountQuery;
        })();

        v1.AccountView = (function() {

            /**
             * Properties of an AccountView.
             * @typedef {Object} patx.v1.AccountView.$Properties
             * @property {number|null} [accountId] AccountView accountId
             * @property {patx.v1.Role|null} [role] AccountView role
             * @property {string|null} [address] AccountView address
             * @property {string|null} [availableWei] AccountView availableWei
             * @property {string|null} [heldWei] AccountView heldWei
             * @property {string|null} [pendingWithdrawalWei] AccountView pendingWithdrawalWei
             * @property {number|null} [openOrders] AccountView openOrders
             * @property {Array.<patx.v1.PositionView.$Properties>|null} [positions] AccountView positions
             * @property {number|null} [asOfSeq] AccountView asOfSeq
             * @property {string|null} [lockedWei] AccountView lockedWei
             * @property {boolean|null} [verifiedProvider] AccountView verifiedProvider
             * @property {boolean|null} [payoutsHeld] AccountView payoutsHeld
             * @property {string|null} [ownDepositsWei] AccountView ownDepositsWei
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AccountView.
             * @memberof patx.v1
             * @interface IAccountView
             * @augments patx.v1.AccountView.$Properties
             * @deprecated Use patx.v1.AccountView.$Properties instead.
             */

            /**
             * Shape of an AccountView.
             * @typedef {patx.v1.AccountView.$Properties} patx.v1.AccountView.$Shape
             */

            /**
             * Constructs a new AccountView.
             * @memberof patx.v1
             * @classdesc Represents an AccountView.
             * @constructor
             * @param {patx.v1.AccountView.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AccountView = function (properties) {
                this.positions = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AccountView accountId.
             * @member {number} accountId
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.accountId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AccountView role.
             * @member {patx.v1.Role} role
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.role = 0;

            /**
             * AccountView address.
             * @member {string} address
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.address = "";

            /**
             * AccountView availableWei.
             * @member {string} availableWei
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.availableWei = "";

            /**
             * AccountView heldWei.
             * @member {string} heldWei
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.heldWei = "";

            /**
             * AccountView pendingWithdrawalWei.
             * @member {string} pendingWithdrawalWei
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.pendingWithdrawalWei = "";

            /**
             * AccountView openOrders.
             * @member {number} openOrders
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.openOrders = 0;

            /**
             * AccountView positions.
             * @member {Array.<patx.v1.PositionView.$Properties>} positions
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.positions = $util.emptyArray;

            /**
             * AccountView asOfSeq.
             * @member {number} asOfSeq
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.asOfSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AccountView lockedWei.
             * @member {string} lockedWei
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.lockedWei = "";

            /**
             * AccountView verifiedProvider.
             * @member {boolean} verifiedProvider
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.verifiedProvider = false;

            /**
             * AccountView payoutsHeld.
             * @member {boolean} payoutsHeld
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.payoutsHeld = false;

            /**
             * AccountView ownDepositsWei.
             * @member {string} ownDepositsWei
             * @memberof patx.v1.AccountView
             * @instance
             */
            AccountView.prototype.ownDepositsWei = "";

            /**
             * Creates a new AccountView instance using the specified properties.
             * @function create
             * @memberof patx.v1.AccountView
             * @static
             * @param {patx.v1.AccountView.$Properties=} [properties] Properties to set
             * @returns {patx.v1.AccountView} AccountView instance
             * @type {{
             *   (properties: patx.v1.AccountView.$Shape): patx.v1.AccountView & patx.v1.AccountView.$Shape;
             *   (properties?: patx.v1.AccountView.$Properties): patx.v1.AccountView;
             * }}
             */
            AccountView.create = function(properties) {
                return new AccountView(properties);
            };

            /**
             * Encodes the specified AccountView message. Does not implicitly {@link patx.v1.AccountView.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.AccountView
             * @static
             * @param {patx.v1.AccountView.$Properties} message AccountView message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AccountView.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.accountId != null && $Object.hasOwnProperty.call(message, "accountId") && (typeof message.accountId === "object" ? message.accountId.low || message.accountId.high : message.accountId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.accountId);
                if (message.role != null && $Object.hasOwnProperty.call(message, "role") && message.role !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.role);
                if (message.address != null && $Object.hasOwnProperty.call(message, "address") && message.address !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.address);
                if (message.availableWei != null && $Object.hasOwnProperty.call(message, "availableWei") && message.availableWei !== "")
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.availableWei);
                if (message.heldWei != null && $Object.hasOwnProperty.call(message, "heldWei") && message.heldWei !== "")
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.heldWei);
                if (message.pendingWithdrawalWei != null && $Object.hasOwnProperty.call(message, "pendingWithdrawalWei") && message.pendingWithdrawalWei !== "")
                    writer.uint32(/* id 6, wireType 2 =*/50).string(message.pendingWithdrawalWei);
                if (message.openOrders != null && $Object.hasOwnProperty.call(message, "openOrders") && message.openOrders !== 0)
                    writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.openOrders);
                if (message.positions != null && message.positions.length)
                    for (let i = 0; i < message.positions.length; ++i)
                        $root.patx.v1.PositionView.encode(message.positions[i], writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
                if (message.asOfSeq != null && $Object.hasOwnProperty.call(message, "asOfSeq") && (typeof message.asOfSeq === "object" ? message.asOfSeq.low || message.asOfSeq.high : message.asOfSeq !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.asOfSeq);
                if (message.lockedWei != null && $Object.hasOwnProperty.call(message, "lockedWei") && message.lockedWei !== "")
                    writer.uint32(/* id 10, wireType 2 =*/82).string(message.lockedWei);
                if (message.verifiedProvider != null && $Object.hasOwnProperty.call(message, "verifiedProvider") && message.verifiedProvider !== false)
                    writer.uint32(/* id 11, wireType 0 =*/88).bool(message.verifiedProvider);
                if (message.payoutsHeld != null && $Object.hasOwnProperty.call(message, "payoutsHeld") && message.payoutsHeld !== false)
                    writer.uint32(/* id 12, wireType 0 =*/96).bool(message.payoutsHeld);
                if (message.ownDepositsWei != null && $Object.hasOwnProperty.call(message, "ownDepositsWei") && message.ownDepositsWei !== "")
                    writer.uint32(/* id 13, wireType 2 =*/106).string(message.ownDepositsWei);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AccountView message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.AccountView
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.AccountView & patx.v1.AccountView.$Shape} AccountView
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AccountView.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.AccountView();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.accountId = value;
                            else
                                delete message.accountId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.role = value;
                            else
                                delete message.role;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.address = value;
                            else
                                delete message.address;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.availableWei = value;
                            else
                                delete message.availableWei;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.heldWei = value;
                            else
                                delete message.heldWei;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.pendingWithdrawalWei = value;
                            else
                                delete message.pendingWithdrawalWei;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.openOrders = value;
                            else
                                delete message.openOrders;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if (!(message.positions && message.positions.length))
                                message.positions = [];
                            message.positions.push($root.patx.v1.PositionView.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.asOfSeq = value;
                            else
                                delete message.asOfSeq;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.lockedWei = value;
                            else
                                delete message.lockedWei;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.verifiedProvider = value;
                            else
                                delete message.verifiedProvider;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.payoutsHeld = value;
                            else
                                delete message.payoutsHeld;
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.ownDepositsWei = value;
                            else
                                delete message.ownDepositsWei;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return AccountView;
        })();

        v1.PositionView = (function() {

            /**
             * Properties of a PositionView.
             * @typedef {Object} patx.v1.PositionView.$Properties
             * @property {number|null} [seriesId] PositionView seriesId
             * @property {number|null} [available] PositionView available
             * @property {number|null} [held] PositionView held
             * @property {number|null} [capacity] PositionView capacity
             * @property {number|null} [minted] PositionView minted
             * @property {number|null} [exercised] PositionView exercised
             * @property {patx.v1.SeriesKind|null} [kind] PositionView kind
             * @property {string|null} [escrowWei] PositionView escrowWei
             * @property {string|null} [collateralWei] PositionView collateralWei
             * @property {string|null} [costWei] PositionView costWei
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a PositionView.
             * @memberof patx.v1
             * @interface IPositionView
             * @augments patx.v1.PositionView.$Properties
             * @deprecated Use patx.v1.PositionView.$Properties instead.
             */

            /**
             * Shape of a PositionView.
             * @typedef {patx.v1.PositionView.$Properties} patx.v1.PositionView.$Shape
             */

            /**
             * Constructs a new PositionView.
             * @memberof patx.v1
             * @classdesc Represents a PositionView.
             * @constructor
             * @param {patx.v1.PositionView.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const PositionView = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * PositionView seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.PositionView
             * @instance
             */
            PositionView.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * PositionView available.
             * @member {number} available
             * @memberof patx.v1.PositionView
             * @instance
             */
            PositionView.prototype.available = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * PositionView held.
             * @member {number} held
             * @memberof patx.v1.PositionView
             * @instance
             */
            PositionView.prototype.held = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * PositionView capacity.
             * @member {number} capacity
             * @memberof patx.v1.PositionView
             * @instance
             */
            PositionView.prototype.capacity = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * PositionView minted.
             * @member {number} minted
             * @memberof patx.v1.PositionView
             * @instance
             */
            PositionView.prototype.minted = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * PositionView exercised.
             * @member {number} exercised
             * @memberof patx.v1.PositionView
             * @instance
             */
            PositionView.prototype.exercised = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * PositionView kind.
             * @member {patx.v1.SeriesKind} kind
             * @memberof patx.v1.PositionView
             * @instance
             */
            PositionView.prototype.kind = 0;

            /**
             * PositionView escrowWei.
             * @member {string} escrowWei
             * @memberof patx.v1.PositionView
             * @instance
             */
            PositionView.prototype.escrowWei = "";

            /**
             * PositionView collateralWei.
             * @member {string} collateralWei
             * @memberof patx.v1.PositionView
             * @instance
             */
            PositionView.prototype.collateralWei = "";

            /**
             * PositionView costWei.
             * @member {string} costWei
             * @memberof patx.v1.PositionView
             * @instance
             */
            PositionView.prototype.costWei = "";

            /**
             * Creates a new PositionView instance using the specified properties.
             * @function create
             * @memberof patx.v1.PositionView
             * @static
             * @param {patx.v1.PositionView.$Properties=} [properties] Properties to set
             * @returns {patx.v1.PositionView} PositionView instance
             * @type {{
             *   (properties: patx.v1.PositionView.$Shape): patx.v1.PositionView & patx.v1.PositionView.$Shape;
             *   (properties?: patx.v1.PositionView.$Properties): patx.v1.PositionView;
             * }}
             */
            PositionView.create = function(properties) {
                return new PositionView(properties);
            };

            /**
             * Encodes the specified PositionView message. Does not implicitly {@link patx.v1.PositionView.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.PositionView
             * @static
             * @param {patx.v1.PositionView.$Properties} message PositionView message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PositionView.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.available != null && $Object.hasOwnProperty.call(message, "available") && (typeof message.available === "object" ? message.available.low || message.available.high : message.available !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.available);
                if (message.held != null && $Object.hasOwnProperty.call(message, "held") && (typeof message.held === "object" ? message.held.low || message.held.high : message.held !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.held);
                if (message.capacity != null && $Object.hasOwnProperty.call(message, "capacity") && (typeof message.capacity === "object" ? message.capacity.low || message.capacity.high : message.capacity !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.capacity);
                if (message.minted != null && $Object.hasOwnProperty.call(message, "minted") && (typeof message.minted === "object" ? message.minted.low || message.minted.high : message.minted !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.minted);
                if (message.exercised != null && $Object.hasOwnProperty.call(message, "exercised") && (typeof message.exercised === "object" ? message.exercised.low || message.exercised.high : message.exercised !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.exercised);
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind") && message.kind !== 0)
                    writer.uint32(/* id 7, wireType 0 =*/56).int32(message.kind);
                if (message.escrowWei != null && $Object.hasOwnProperty.call(message, "escrowWei") && message.escrowWei !== "")
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.escrowWei);
                if (message.collateralWei != null && $Object.hasOwnProperty.call(message, "collateralWei") && message.collateralWei !== "")
                    writer.uint32(/* id 9, wireType 2 =*/74).string(message.collateralWei);
                if (message.costWei != null && $Object.hasOwnProperty.call(message, "costWei") && message.costWei !== "")
                    writer.uint32(/* id 10, wireType 2 =*/82).string(message.costWei);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a PositionView message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.PositionView
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.PositionView & patx.v1.PositionView.$Shape} PositionView
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PositionView.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.PositionView();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.available = value;
                            else
                                delete message.available;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.held = value;
                            else
                                delete message.held;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.capacity = value;
                            else
                                delete message.capacity;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.minted = value;
                            else
                                delete message.minted;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.exercised = value;
                            else
                                delete message.exercised;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.kind = value;
                            else
                                delete message.kind;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.escrowWei = value;
                            else
                                delete message.escrowWei;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.collateralWei = value;
                            else
                                delete message.collateralWei;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.costWei = value;
                            else
                                delete message.costWei;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return PositionView;
        })();

        v1.OpenOrdersQuery = (function() {

            /**
             * Properties of an OpenOrdersQuery.
             * @typedef {Object} patx.v1.OpenOrdersQuery.$Properties
             * @property {number|null} [seriesId] OpenOrdersQuery seriesId
             * @property {number|null} [limit] OpenOrdersQuery limit
             * @property {number|null} [afterOrderId] OpenOrdersQuery afterOrderId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an OpenOrdersQuery.
             * @memberof patx.v1
             * @interface IOpenOrdersQuery
             * @augments patx.v1.OpenOrdersQuery.$Properties
             * @deprecated Use patx.v1.OpenOrdersQuery.$Properties instead.
             */

            /**
             * Shape of an OpenOrdersQuery.
             * @typedef {patx.v1.OpenOrdersQuery.$Properties} patx.v1.OpenOrdersQuery.$Shape
             */

            /**
             * Constructs a new OpenOrdersQuery.
             * @memberof patx.v1
             * @classdesc Represents an OpenOrdersQuery.
             * @constructor
             * @param {patx.v1.OpenOrdersQuery.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const OpenOrdersQuery = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * OpenOrdersQuery seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.OpenOrdersQuery
             * @instance
             */
            OpenOrdersQuery.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OpenOrdersQuery limit.
             * @member {number} limit
             * @memberof patx.v1.OpenOrdersQuery
             * @instance
             */
            OpenOrdersQuery.prototype.limit = 0;

            /**
             * OpenOrdersQuery afterOrderId.
             * @member {number} afterOrderId
             * @memberof patx.v1.OpenOrdersQuery
             * @instance
             */
            OpenOrdersQuery.prototype.afterOrderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new OpenOrdersQuery instance using the specified properties.
             * @function create
             * @memberof patx.v1.OpenOrdersQuery
             * @static
             * @param {patx.v1.OpenOrdersQuery.$Properties=} [properties] Properties to set
             * @returns {patx.v1.OpenOrdersQuery} OpenOrdersQuery instance
             * @type {{
             *   (properties: patx.v1.OpenOrdersQuery.$Shape): patx.v1.OpenOrdersQuery & patx.v1.OpenOrdersQuery.$Shape;
             *   (properties?: patx.v1.OpenOrdersQuery.$Properties): patx.v1.OpenOrdersQuery;
             * }}
             */
            OpenOrdersQuery.create = function(properties) {
                return new OpenOrdersQuery(properties);
            };

            /**
             * Encodes the specified OpenOrdersQuery message. Does not implicitly {@link patx.v1.OpenOrdersQuery.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.OpenOrdersQuery
             * @static
             * @param {patx.v1.OpenOrdersQuery.$Properties} message OpenOrdersQuery message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            OpenOrdersQuery.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.limit != null && $Object.hasOwnProperty.call(message, "limit") && message.limit !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.limit);
                if (message.afterOrderId != null && $Object.hasOwnProperty.call(message, "afterOrderId") && (typeof message.afterOrderId === "object" ? message.afterOrderId.low || message.afterOrderId.high : message.afterOrderId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.afterOrderId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an OpenOrdersQuery message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.OpenOrdersQuery
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.OpenOrdersQuery & patx.v1.OpenOrdersQuery.$Shape} OpenOrdersQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            OpenOrdersQuery.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.OpenOrdersQuery();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.limit = value;
                            else
                                delete message.limit;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.afterOrderId = value;
                            else
                                delete message.afterOrderId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return OpenOrdersQuery;
        })();

        v1.OpenOrders = (function() {

            /**
             * Properties of an OpenOrders.
             * @typedef {Object} patx.v1.OpenOrders.$Properties
             * @property {Array.<patx.v1.OrderView.$Properties>|null} [orders] OpenOrders orders
             * @property {number|null} [asOfSeq] OpenOrders asOfSeq
             * @property {number|null} [nextAfterOrderId] OpenOrders nextAfterOrderId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an OpenOrders.
             * @memberof patx.v1
             * @interface IOpenOrders
             * @augments patx.v1.OpenOrders.$Properties
             * @deprecated Use patx.v1.OpenOrders.$Properties instead.
             */

            /**
             * Shape of an OpenOrders.
             * @typedef {patx.v1.OpenOrders.$Properties} patx.v1.OpenOrders.$Shape
             */

            /**
             * Constructs a new OpenOrders.
             * @memberof patx.v1
             * @classdesc Represents an OpenOrders.
             * @constructor
             * @param {patx.v1.OpenOrders.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const OpenOrders = function (properties) {
                this.orders = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * OpenOrders orders.
             * @member {Array.<patx.v1.OrderView.$Properties>} orders
             * @memberof patx.v1.OpenOrders
             * @instance
             */
            OpenOrders.prototype.orders = $util.emptyArray;

            /**
             * OpenOrders asOfSeq.
             * @member {number} asOfSeq
             * @memberof patx.v1.OpenOrders
             * @instance
             */
            OpenOrders.prototype.asOfSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OpenOrders nextAfterOrderId.
             * @member {number} nextAfterOrderId
             * @memberof patx.v1.OpenOrders
             * @instance
             */
            OpenOrders.prototype.nextAfterOrderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new OpenOrders instance using the specified properties.
             * @function create
             * @memberof patx.v1.OpenOrders
             * @static
             * @param {patx.v1.OpenOrders.$Properties=} [properties] Properties to set
             * @returns {patx.v1.OpenOrders} OpenOrders instance
             * @type {{
             *   (properties: patx.v1.OpenOrders.$Shape): patx.v1.OpenOrders & patx.v1.OpenOrders.$Shape;
             *   (properties?: patx.v1.OpenOrders.$Properties): patx.v1.OpenOrders;
             * }}
             */
            OpenOrders.create = function(properties) {
                return new OpenOrders(properties);
            };

            /**
             * Encodes the specified OpenOrders message. Does not implicitly {@link patx.v1.OpenOrders.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.OpenOrders
             * @static
             * @param {patx.v1.OpenOrders.$Properties} message OpenOrders message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            OpenOrders.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.orders != null && message.orders.length)
                    for (let i = 0; i < message.orders.length; ++i)
                        $root.patx.v1.OrderView.encode(message.orders[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.asOfSeq != null && $Object.hasOwnProperty.call(message, "asOfSeq") && (typeof message.asOfSeq === "object" ? message.asOfSeq.low || message.asOfSeq.high : message.asOfSeq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.asOfSeq);
                if (message.nextAfterOrderId != null && $Object.hasOwnProperty.call(message, "nextAfterOrderId") && (typeof message.nextAfterOrderId === "object" ? message.nextAfterOrderId.low || message.nextAfterOrderId.high : message.nextAfterOrderId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.nextAfterOrderId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an OpenOrders message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.OpenOrders
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.OpenOrders & patx.v1.OpenOrders.$Shape} OpenOrders
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            OpenOrders.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.OpenOrders();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.orders && message.orders.length))
                                message.orders = [];
                            message.orders.push($root.patx.v1.OrderView.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.asOfSeq = value;
                            else
                                delete message.asOfSeq;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.nextAfterOrderId = value;
                            else
                                delete message.nextAfterOrderId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return OpenOrders;
        })();

        v1.OrderView = (function() {

            /**
             * Properties of an OrderView.
             * @typedef {Object} patx.v1.OrderView.$Properties
             * @property {number|null} [orderId] OrderView orderId
             * @property {number|null} [clientOrderId] OrderView clientOrderId
             * @property {number|null} [seriesId] OrderView seriesId
             * @property {patx.v1.Side|null} [side] OrderView side
             * @property {number|null} [priceMicros] OrderView priceMicros
             * @property {number|null} [orderQty] OrderView orderQty
             * @property {number|null} [cumQty] OrderView cumQty
             * @property {number|null} [leavesQty] OrderView leavesQty
             * @property {boolean|null} [isQuote] OrderView isQuote
             * @property {patx.v1.TimeInForce|null} [timeInForce] OrderView timeInForce
             * @property {boolean|null} [postOnly] OrderView postOnly
             * @property {number|null} [expireAtMs] OrderView expireAtMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an OrderView.
             * @memberof patx.v1
             * @interface IOrderView
             * @augments patx.v1.OrderView.$Properties
             * @deprecated Use patx.v1.OrderView.$Properties instead.
             */

            /**
             * Shape of an OrderView.
             * @typedef {patx.v1.OrderView.$Properties} patx.v1.OrderView.$Shape
             */

            /**
             * Constructs a new OrderView.
             * @memberof patx.v1
             * @classdesc Represents an OrderView.
             * @constructor
             * @param {patx.v1.OrderView.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const OrderView = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * OrderView orderId.
             * @member {number} orderId
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.orderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderView clientOrderId.
             * @member {number} clientOrderId
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.clientOrderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderView seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderView side.
             * @member {patx.v1.Side} side
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.side = 0;

            /**
             * OrderView priceMicros.
             * @member {number} priceMicros
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.priceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * OrderView orderQty.
             * @member {number} orderQty
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.orderQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderView cumQty.
             * @member {number} cumQty
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.cumQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderView leavesQty.
             * @member {number} leavesQty
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.leavesQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderView isQuote.
             * @member {boolean} isQuote
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.isQuote = false;

            /**
             * OrderView timeInForce.
             * @member {patx.v1.TimeInForce} timeInForce
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.timeInForce = 0;

            /**
             * OrderView postOnly.
             * @member {boolean} postOnly
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.postOnly = false;

            /**
             * OrderView expireAtMs.
             * @member {number} expireAtMs
             * @memberof patx.v1.OrderView
             * @instance
             */
            OrderView.prototype.expireAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new OrderView instance using the specified properties.
             * @function create
             * @memberof patx.v1.OrderView
             * @static
             * @param {patx.v1.OrderView.$Properties=} [properties] Properties to set
             * @returns {patx.v1.OrderView} OrderView instance
             * @type {{
             *   (properties: patx.v1.OrderView.$Shape): patx.v1.OrderView & patx.v1.OrderView.$Shape;
             *   (properties?: patx.v1.OrderView.$Properties): patx.v1.OrderView;
             * }}
             */
            OrderView.create = function(properties) {
                return new OrderView(properties);
            };

            /**
             * Encodes the specified OrderView message. Does not implicitly {@link patx.v1.OrderView.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.OrderView
             * @static
             * @param {patx.v1.OrderView.$Properties} message OrderView message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            OrderView.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.orderId != null && $Object.hasOwnProperty.call(message, "orderId") && (typeof message.orderId === "object" ? message.orderId.low || message.orderId.high : message.orderId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.orderId);
                if (message.clientOrderId != null && $Object.hasOwnProperty.call(message, "clientOrderId") && (typeof message.clientOrderId === "object" ? message.clientOrderId.low || message.clientOrderId.high : message.clientOrderId !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.clientOrderId);
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.seriesId);
                if (message.side != null && $Object.hasOwnProperty.call(message, "side") && message.side !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.side);
                if (message.priceMicros != null && $Object.hasOwnProperty.call(message, "priceMicros") && (typeof message.priceMicros === "object" ? message.priceMicros.low || message.priceMicros.high : message.priceMicros !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.priceMicros);
                if (message.orderQty != null && $Object.hasOwnProperty.call(message, "orderQty") && (typeof message.orderQty === "object" ? message.orderQty.low || message.orderQty.high : message.orderQty !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.orderQty);
                if (message.cumQty != null && $Object.hasOwnProperty.call(message, "cumQty") && (typeof message.cumQty === "object" ? message.cumQty.low || message.cumQty.high : message.cumQty !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.cumQty);
                if (message.leavesQty != null && $Object.hasOwnProperty.call(message, "leavesQty") && (typeof message.leavesQty === "object" ? message.leavesQty.low || message.leavesQty.high : message.leavesQty !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.leavesQty);
                if (message.isQuote != null && $Object.hasOwnProperty.call(message, "isQuote") && message.isQuote !== false)
                    writer.uint32(/* id 9, wireType 0 =*/72).bool(message.isQuote);
                if (message.timeInForce != null && $Object.hasOwnProperty.call(message, "timeInForce") && message.timeInForce !== 0)
                    writer.uint32(/* id 10, wireType 0 =*/80).int32(message.timeInForce);
                if (message.postOnly != null && $Object.hasOwnProperty.call(message, "postOnly") && message.postOnly !== false)
                    writer.uint32(/* id 11, wireType 0 =*/88).bool(message.postOnly);
                if (message.expireAtMs != null && $Object.hasOwnProperty.call(message, "expireAtMs") && (typeof message.expireAtMs === "object" ? message.expireAtMs.low || message.expireAtMs.high : message.expireAtMs !== 0))
                    writer.uint32(/* id 12, wireType 0 =*/96).int64(message.expireAtMs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an OrderView message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.OrderView
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.OrderView & patx.v1.OrderView.$Shape} OrderView
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            OrderView.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.OrderView();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.orderId = value;
                            else
                                delete message.orderId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.clientOrderId = value;
                            else
                                delete message.clientOrderId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.side = value;
                            else
                                delete message.side;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.priceMicros = value;
                            else
                                delete message.priceMicros;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.orderQty = value;
                            else
                                delete message.orderQty;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.cumQty = value;
                            else
                                delete message.cumQty;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.leavesQty = value;
                            else
                                delete message.leavesQty;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.isQuote = value;
                            else
                                delete message.isQuote;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.timeInForce = value;
                            else
                                delete message.timeInForce;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.postOnly = value;
                            else
                                delete message.postOnly;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.expireAtMs = value;
                            else
                                delete message.expireAtMs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return OrderView;
        })();

        v1.OrderStatusQuery = (function() {

            /**
             * Properties of an OrderStatusQuery.
             * @typedef {Object} patx.v1.OrderStatusQuery.$Properties
             * @property {number|null} [orderId] OrderStatusQuery orderId
             * @property {number|null} [clientOrderId] OrderStatusQuery clientOrderId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an OrderStatusQuery.
             * @memberof patx.v1
             * @interface IOrderStatusQuery
             * @augments patx.v1.OrderStatusQuery.$Properties
             * @deprecated Use patx.v1.OrderStatusQuery.$Properties instead.
             */

            /**
             * Shape of an OrderStatusQuery.
             * @typedef {patx.v1.OrderStatusQuery.$Properties} patx.v1.OrderStatusQuery.$Shape
             */

            /**
             * Constructs a new OrderStatusQuery.
             * @memberof patx.v1
             * @classdesc Represents an OrderStatusQuery.
             * @constructor
             * @param {patx.v1.OrderStatusQuery.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const OrderStatusQuery = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * OrderStatusQuery orderId.
             * @member {number} orderId
             * @memberof patx.v1.OrderStatusQuery
             * @instance
             */
            OrderStatusQuery.prototype.orderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderStatusQuery clientOrderId.
             * @member {number} clientOrderId
             * @memberof patx.v1.OrderStatusQuery
             * @instance
             */
            OrderStatusQuery.prototype.clientOrderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new OrderStatusQuery instance using the specified properties.
             * @function create
             * @memberof patx.v1.OrderStatusQuery
             * @static
             * @param {patx.v1.OrderStatusQuery.$Properties=} [properties] Properties to set
             * @returns {patx.v1.OrderStatusQuery} OrderStatusQuery instance
             * @type {{
             *   (properties: patx.v1.OrderStatusQuery.$Shape): patx.v1.OrderStatusQuery & patx.v1.OrderStatusQuery.$Shape;
             *   (properties?: patx.v1.OrderStatusQuery.$Properties): patx.v1.OrderStatusQuery;
             * }}
             */
            OrderStatusQuery.create = function(properties) {
                return new OrderStatusQuery(properties);
            };

            /**
             * Encodes the specified OrderStatusQuery message. Does not implicitly {@link patx.v1.OrderStatusQuery.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.OrderStatusQuery
             * @static
             * @param {patx.v1.OrderStatusQuery.$Properties} message OrderStatusQuery message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            OrderStatusQuery.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.orderId != null && $Object.hasOwnProperty.call(message, "orderId") && (typeof message.orderId === "object" ? message.orderId.low || message.orderId.high : message.orderId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.orderId);
                if (message.clientOrderId != null && $Object.hasOwnProperty.call(message, "clientOrderId") && (typeof message.clientOrderId === "object" ? message.clientOrderId.low || message.clientOrderId.high : message.clientOrderId !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.clientOrderId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an OrderStatusQuery message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.OrderStatusQuery
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.OrderStatusQuery & patx.v1.OrderStatusQuery.$Shape} OrderStatusQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            OrderStatusQuery.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.OrderStatusQuery();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.orderId = value;
                            else
                                delete message.orderId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.clientOrderId = value;
                            else
                                delete message.clientOrderId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return OrderStatusQuery;
        })();

        v1.OrderStatus = (function() {

            /**
             * Properties of an OrderStatus.
             * @typedef {Object} patx.v1.OrderStatus.$Properties
             * @property {number|null} [orderId] OrderStatus orderId
             * @property {number|null} [clientOrderId] OrderStatus clientOrderId
             * @property {number|null} [seriesId] OrderStatus seriesId
             * @property {patx.v1.Side|null} [side] OrderStatus side
             * @property {patx.v1.OrderType|null} [orderType] OrderStatus orderType
             * @property {patx.v1.TimeInForce|null} [timeInForce] OrderStatus timeInForce
             * @property {boolean|null} [postOnly] OrderStatus postOnly
             * @property {number|null} [priceMicros] OrderStatus priceMicros
             * @property {number|null} [orderQty] OrderStatus orderQty
             * @property {number|null} [cumQty] OrderStatus cumQty
             * @property {number|null} [leavesQty] OrderStatus leavesQty
             * @property {number|null} [filledNotionalMicros] OrderStatus filledNotionalMicros
             * @property {number|null} [feeMicros] OrderStatus feeMicros
             * @property {patx.v1.OrdStatus|null} [ordStatus] OrderStatus ordStatus
             * @property {patx.v1.CancelReason|null} [cancelReason] OrderStatus cancelReason
             * @property {patx.v1.RejectReason|null} [rejectReason] OrderStatus rejectReason
             * @property {number|null} [expireAtMs] OrderStatus expireAtMs
             * @property {number|null} [createdSeq] OrderStatus createdSeq
             * @property {number|null} [createdAtMs] OrderStatus createdAtMs
             * @property {number|null} [updatedSeq] OrderStatus updatedSeq
             * @property {number|null} [updatedAtMs] OrderStatus updatedAtMs
             * @property {number|null} [asOfSeq] OrderStatus asOfSeq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an OrderStatus.
             * @memberof patx.v1
             * @interface IOrderStatus
             * @augments patx.v1.OrderStatus.$Properties
             * @deprecated Use patx.v1.OrderStatus.$Properties instead.
             */

            /**
             * Shape of an OrderStatus.
             * @typedef {patx.v1.OrderStatus.$Properties} patx.v1.OrderStatus.$Shape
             */

            /**
             * Constructs a new OrderStatus.
             * @memberof patx.v1
             * @classdesc Represents an OrderStatus.
             * @constructor
             * @param {patx.v1.OrderStatus.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const OrderStatus = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * OrderStatus orderId.
             * @member {number} orderId
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.orderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderStatus clientOrderId.
             * @member {number} clientOrderId
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.clientOrderId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderStatus seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderStatus side.
             * @member {patx.v1.Side} side
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.side = 0;

            /**
             * OrderStatus orderType.
             * @member {patx.v1.OrderType} orderType
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.orderType = 0;

            /**
             * OrderStatus timeInForce.
             * @member {patx.v1.TimeInForce} timeInForce
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.timeInForce = 0;

            /**
             * OrderStatus postOnly.
             * @member {boolean} postOnly
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.postOnly = false;

            /**
             * OrderStatus priceMicros.
             * @member {number} priceMicros
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.priceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * OrderStatus orderQty.
             * @member {number} orderQty
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.orderQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderStatus cumQty.
             * @member {number} cumQty
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.cumQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderStatus leavesQty.
             * @member {number} leavesQty
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.leavesQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderStatus filledNotionalMicros.
             * @member {number} filledNotionalMicros
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.filledNotionalMicros = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderStatus feeMicros.
             * @member {number} feeMicros
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.feeMicros = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderStatus ordStatus.
             * @member {patx.v1.OrdStatus} ordStatus
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.ordStatus = 0;

            /**
             * OrderStatus cancelReason.
             * @member {patx.v1.CancelReason} cancelReason
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.cancelReason = 0;

            /**
             * OrderStatus rejectReason.
             * @member {patx.v1.RejectReason} rejectReason
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.rejectReason = 0;

            /**
             * OrderStatus expireAtMs.
             * @member {number} expireAtMs
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.expireAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * OrderStatus createdSeq.
             * @member {number} createdSeq
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.createdSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderStatus createdAtMs.
             * @member {number} createdAtMs
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.createdAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * OrderStatus updatedSeq.
             * @member {number} updatedSeq
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.updatedSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OrderStatus updatedAtMs.
             * @member {number} updatedAtMs
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.updatedAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * OrderStatus asOfSeq.
             * @member {number} asOfSeq
             * @memberof patx.v1.OrderStatus
             * @instance
             */
            OrderStatus.prototype.asOfSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new OrderStatus instance using the specified properties.
             * @function create
             * @memberof patx.v1.OrderStatus
             * @static
             * @param {patx.v1.OrderStatus.$Properties=} [properties] Properties to set
             * @returns {patx.v1.OrderStatus} OrderStatus instance
             * @type {{
             *   (properties: patx.v1.OrderStatus.$Shape): patx.v1.OrderStatus & patx.v1.OrderStatus.$Shape;
             *   (properties?: patx.v1.OrderStatus.$Properties): patx.v1.OrderStatus;
             * }}
             */
            OrderStatus.create = function(properties) {
                return new OrderStatus(properties);
            };

            /**
             * Encodes the specified OrderStatus message. Does not implicitly {@link patx.v1.OrderStatus.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.OrderStatus
             * @static
             * @param {patx.v1.OrderStatus.$Properties} message OrderStatus message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            OrderStatus.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.orderId != null && $Object.hasOwnProperty.call(message, "orderId") && (typeof message.orderId === "object" ? message.orderId.low || message.orderId.high : message.orderId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.orderId);
                if (message.clientOrderId != null && $Object.hasOwnProperty.call(message, "clientOrderId") && (typeof message.clientOrderId === "object" ? message.clientOrderId.low || message.clientOrderId.high : message.clientOrderId !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.clientOrderId);
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.seriesId);
                if (message.side != null && $Object.hasOwnProperty.call(message, "side") && message.side !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.side);
                if (message.orderType != null && $Object.hasOwnProperty.call(message, "orderType") && message.orderType !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).int32(message.orderType);
                if (message.timeInForce != null && $Object.hasOwnProperty.call(message, "timeInForce") && message.timeInForce !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).int32(message.timeInForce);
                if (message.postOnly != null && $Object.hasOwnProperty.call(message, "postOnly") && message.postOnly !== false)
                    writer.uint32(/* id 7, wireType 0 =*/56).bool(message.postOnly);
                if (message.priceMicros != null && $Object.hasOwnProperty.call(message, "priceMicros") && (typeof message.priceMicros === "object" ? message.priceMicros.low || message.priceMicros.high : message.priceMicros !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.priceMicros);
                if (message.orderQty != null && $Object.hasOwnProperty.call(message, "orderQty") && (typeof message.orderQty === "object" ? message.orderQty.low || message.orderQty.high : message.orderQty !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.orderQty);
                if (message.cumQty != null && $Object.hasOwnProperty.call(message, "cumQty") && (typeof message.cumQty === "object" ? message.cumQty.low || message.cumQty.high : message.cumQty !== 0))
                    writer.uint32(/* id 10, wireType 0 =*/80).uint64(message.cumQty);
                if (message.leavesQty != null && $Object.hasOwnProperty.call(message, "leavesQty") && (typeof message.leavesQty === "object" ? message.leavesQty.low || message.leavesQty.high : message.leavesQty !== 0))
                    writer.uint32(/* id 11, wireType 0 =*/88).uint64(message.leavesQty);
                if (message.filledNotionalMicros != null && $Object.hasOwnProperty.call(message, "filledNotionalMicros") && (typeof message.filledNotionalMicros === "object" ? message.filledNotionalMicros.low || message.filledNotionalMicros.high : message.filledNotionalMicros !== 0))
                    writer.uint32(/* id 12, wireType 0 =*/96).uint64(message.filledNotionalMicros);
                if (message.feeMicros != null && $Object.hasOwnProperty.call(message, "feeMicros") && (typeof message.feeMicros === "object" ? message.feeMicros.low || message.feeMicros.high : message.feeMicros !== 0))
                    writer.uint32(/* id 13, wireType 0 =*/104).uint64(message.feeMicros);
                if (message.ordStatus != null && $Object.hasOwnProperty.call(message, "ordStatus") && message.ordStatus !== 0)
                    writer.uint32(/* id 14, wireType 0 =*/112).int32(message.ordStatus);
                if (message.cancelReason != null && $Object.hasOwnProperty.call(message, "cancelReason") && message.cancelReason !== 0)
                    writer.uint32(/* id 15, wireType 0 =*/120).int32(message.cancelReason);
                if (message.rejectReason != null && $Object.hasOwnProperty.call(message, "rejectReason") && message.rejectReason !== 0)
                    writer.uint32(/* id 16, wireType 0 =*/128).int32(message.rejectReason);
                if (message.expireAtMs != null && $Object.hasOwnProperty.call(message, "expireAtMs") && (typeof message.expireAtMs === "object" ? message.expireAtMs.low || message.expireAtMs.high : message.expireAtMs !== 0))
                    writer.uint32(/* id 17, wireType 0 =*/136).int64(message.expireAtMs);
                if (message.createdSeq != null && $Object.hasOwnProperty.call(message, "createdSeq") && (typeof message.createdSeq === "object" ? message.createdSeq.low || message.createdSeq.high : message.createdSeq !== 0))
                    writer.uint32(/* id 18, wireType 0 =*/144).uint64(message.createdSeq);
                if (message.createdAtMs != null && $Object.hasOwnProperty.call(message, "createdAtMs") && (typeof message.createdAtMs === "object" ? message.createdAtMs.low || message.createdAtMs.high : message.createdAtMs !== 0))
                    writer.uint32(/* id 19, wireType 0 =*/152).int64(message.createdAtMs);
                if (message.updatedSeq != null && $Object.hasOwnProperty.call(message, "updatedSeq") && (typeof message.updatedSeq === "object" ? message.updatedSeq.low || message.updatedSeq.high : message.updatedSeq !== 0))
                    writer.uint32(/* id 20, wireType 0 =*/160).uint64(message.updatedSeq);
                if (message.updatedAtMs != null && $Object.hasOwnProperty.call(message, "updatedAtMs") && (typeof message.updatedAtMs === "object" ? message.updatedAtMs.low || message.updatedAtMs.high : message.updatedAtMs !== 0))
                    writer.uint32(/* id 21, wireType 0 =*/168).int64(message.updatedAtMs);
                if (message.asOfSeq != null && $Object.hasOwnProperty.call(message, "asOfSeq") && (typeof message.asOfSeq === "object" ? message.asOfSeq.low || message.asOfSeq.high : message.asOfSeq !== 0))
                    writer.uint32(/* id 22, wireType 0 =*/176).uint64(message.asOfSeq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an OrderStatus message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.OrderStatus
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.OrderStatus & patx.v1.OrderStatus.$Shape} OrderStatus
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            OrderStatus.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.OrderStatus();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.orderId = value;
                            else
                                delete message.orderId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.clientOrderId = value;
                            else
                                delete message.clientOrderId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.side = value;
                            else
                                delete message.side;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.orderType = value;
                            else
                                delete message.orderType;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.timeInForce = value;
                            else
                                delete message.timeInForce;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.postOnly = value;
                            else
                                delete message.postOnly;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.priceMicros = value;
                            else
                                delete message.priceMicros;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.orderQty = value;
                            else
                                delete message.orderQty;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.cumQty = value;
                            else
                                delete message.cumQty;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.leavesQty = value;
                            else
                                delete message.leavesQty;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.filledNotionalMicros = value;
                            else
                                delete message.filledNotionalMicros;
                            continue;
                        }
                    case 13: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.feeMicros = value;
                            else
                                delete message.feeMicros;
                            continue;
                        }
                    case 14: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.ordStatus = value;
                            else
                                delete message.ordStatus;
                            continue;
                        }
                    case 15: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.cancelReason = value;
                            else
                                delete message.cancelReason;
                            continue;
                        }
                    case 16: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.rejectReason = value;
                            else
                                delete message.rejectReason;
                            continue;
                        }
                    case 17: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.expireAtMs = value;
                            else
                                delete message.expireAtMs;
                            continue;
                        }
                    case 18: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.createdSeq = value;
                            else
                                delete message.createdSeq;
                            continue;
                        }
                    case 19: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.createdAtMs = value;
                            else
                                delete message.createdAtMs;
                            continue;
                        }
                    case 20: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.updatedSeq = value;
                            else
                                delete message.updatedSeq;
                            continue;
                        }
                    case 21: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.updatedAtMs = value;
                            else
                                delete message.updatedAtMs;
                            continue;
                        }
                    case 22: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.asOfSeq = value;
                            else
                                delete message.asOfSeq;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return OrderStatus;
        })();

        v1.SeriesQuery = (function() {

            /**
             * Properties of a SeriesQuery.
             * @typedef {Object} patx.v1.SeriesQuery.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SeriesQuery.
             * @memberof patx.v1
             * @interface ISeriesQuery
             * @augments patx.v1.SeriesQuery.$Properties
             * @deprecated Use patx.v1.SeriesQuery.$Properties instead.
             */

            /**
             * Shape of a SeriesQuery.
             * @typedef {patx.v1.SeriesQuery.$Properties} patx.v1.SeriesQuery.$Shape
             */

            /**
             * Constructs a new SeriesQuery.
             * @memberof patx.v1
             * @classdesc Represents a SeriesQuery.
             * @constructor
             * @param {patx.v1.SeriesQuery.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SeriesQuery = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new SeriesQuery instance using the specified properties.
             * @function create
             * @memberof patx.v1.SeriesQuery
             * @static
             * @param {patx.v1.SeriesQuery.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SeriesQuery} SeriesQuery instance
             * @type {{
             *   (properties: patx.v1.SeriesQuery.$Shape): patx.v1.SeriesQuery & patx.v1.SeriesQuery.$Shape;
             *   (properties?: patx.v1.SeriesQuery.$Properties): patx.v1.SeriesQuery;
             * }}
             */
            SeriesQuery.create = function(properties) {
                return new SeriesQuery(properties);
            };

            /**
             * Encodes the specified SeriesQuery message. Does not implicitly {@link patx.v1.SeriesQuery.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SeriesQuery
             * @static
             * @param {patx.v1.SeriesQuery.$Properties} message SeriesQuery message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SeriesQuery.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SeriesQuery message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SeriesQuery
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SeriesQuery & patx.v1.SeriesQuery.$Shape} SeriesQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SeriesQuery.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SeriesQuery();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SeriesQuery;
        })();

        v1.SeriesList = (function() {

            /**
             * Properties of a SeriesList.
             * @typedef {Object} patx.v1.SeriesList.$Properties
             * @property {Array.<patx.v1.SeriesInfo.$Properties>|null} [series] SeriesList series
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SeriesList.
             * @memberof patx.v1
             * @interface ISeriesList
             * @augments patx.v1.SeriesList.$Properties
             * @deprecated Use patx.v1.SeriesList.$Properties instead.
             */

            /**
             * Shape of a SeriesList.
             * @typedef {patx.v1.SeriesList.$Properties} patx.v1.SeriesList.$Shape
             */

            /**
             * Constructs a new SeriesList.
             * @memberof patx.v1
             * @classdesc Represents a SeriesList.
             * @constructor
             * @param {patx.v1.SeriesList.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SeriesList = function (properties) {
                this.series = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SeriesList series.
             * @member {Array.<patx.v1.SeriesInfo.$Properties>} series
             * @memberof patx.v1.SeriesList
             * @instance
             */
            SeriesList.prototype.series = $util.emptyArray;

            /**
             * Creates a new SeriesList instance using the specified properties.
             * @function create
             * @memberof patx.v1.SeriesList
             * @static
             * @param {patx.v1.SeriesList.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SeriesList} SeriesList instance
             * @type {{
             *   (properties: patx.v1.SeriesList.$Shape): patx.v1.SeriesList & patx.v1.SeriesList.$Shape;
             *   (properties?: patx.v1.SeriesList.$Properties): patx.v1.SeriesList;
             * }}
             */
            SeriesList.create = function(properties) {
                return new SeriesList(properties);
            };

            /**
             * Encodes the specified SeriesList message. Does not implicitly {@link patx.v1.SeriesList.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SeriesList
             * @static
             * @param {patx.v1.SeriesList.$Properties} message SeriesList message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SeriesList.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.series != null && message.series.length)
                    for (let i = 0; i < message.series.length; ++i)
                        $root.patx.v1.SeriesInfo.encode(message.series[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SeriesList message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SeriesList
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SeriesList & patx.v1.SeriesList.$Shape} SeriesList
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SeriesList.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SeriesList();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.series && message.series.length))
                                message.series = [];
                            message.series.push($root.patx.v1.SeriesInfo.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SeriesList;
        })();

        v1.SeriesInfo = (function() {

            /**
             * Properties of a SeriesInfo.
             * @typedef {Object} patx.v1.SeriesInfo.$Properties
             * @property {number|null} [seriesId] SeriesInfo seriesId
             * @property {string|null} [contract] SeriesInfo contract
             * @property {patx.v1.SeriesKind|null} [kind] SeriesInfo kind
             * @property {patx.v1.SeriesStatus|null} [status] SeriesInfo status
             * @property {number|null} [openAtMs] SeriesInfo openAtMs
             * @property {number|null} [closeAtMs] SeriesInfo closeAtMs
             * @property {number|null} [tickMicros] SeriesInfo tickMicros
             * @property {number|null} [lotSize] SeriesInfo lotSize
             * @property {number|null} [minPriceMicros] SeriesInfo minPriceMicros
             * @property {number|null} [maxPriceMicros] SeriesInfo maxPriceMicros
             * @property {number|null} [maxOrderQty] SeriesInfo maxOrderQty
             * @property {number|null} [referencePriceMicros] SeriesInfo referencePriceMicros
             * @property {number|null} [lastTradeMicros] SeriesInfo lastTradeMicros
             * @property {patx.v1.DeliveryState|null} [delivery] SeriesInfo delivery
             * @property {number|null} [strikeMicros] SeriesInfo strikeMicros
             * @property {number|null} [spotSeriesId] SeriesInfo spotSeriesId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SeriesInfo.
             * @memberof patx.v1
             * @interface ISeriesInfo
             * @augments patx.v1.SeriesInfo.$Properties
             * @deprecated Use patx.v1.SeriesInfo.$Properties instead.
             */

            /**
             * Shape of a SeriesInfo.
             * @typedef {patx.v1.SeriesInfo.$Properties} patx.v1.SeriesInfo.$Shape
             */

            /**
             * Constructs a new SeriesInfo.
             * @memberof patx.v1
             * @classdesc Represents a SeriesInfo.
             * @constructor
             * @param {patx.v1.SeriesInfo.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SeriesInfo = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SeriesInfo seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SeriesInfo contract.
             * @member {string} contract
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.contract = "";

            /**
             * SeriesInfo kind.
             * @member {patx.v1.SeriesKind} kind
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.kind = 0;

            /**
             * SeriesInfo status.
             * @member {patx.v1.SeriesStatus} status
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.status = 0;

            /**
             * SeriesInfo openAtMs.
             * @member {number} openAtMs
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.openAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SeriesInfo closeAtMs.
             * @member {number} closeAtMs
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.closeAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SeriesInfo tickMicros.
             * @member {number} tickMicros
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.tickMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SeriesInfo lotSize.
             * @member {number} lotSize
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.lotSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SeriesInfo minPriceMicros.
             * @member {number} minPriceMicros
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.minPriceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SeriesInfo maxPriceMicros.
             * @member {number} maxPriceMicros
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.maxPriceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SeriesInfo maxOrderQty.
             * @member {number} maxOrderQty
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.maxOrderQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SeriesInfo referencePriceMicros.
             * @member {number} referencePriceMicros
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.referencePriceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SeriesInfo lastTradeMicros.
             * @member {number} lastTradeMicros
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.lastTradeMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SeriesInfo delivery.
             * @member {patx.v1.DeliveryState} delivery
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.delivery = 0;

            /**
             * SeriesInfo strikeMicros.
             * @member {number} strikeMicros
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.strikeMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SeriesInfo spotSeriesId.
             * @member {number} spotSeriesId
             * @memberof patx.v1.SeriesInfo
             * @instance
             */
            SeriesInfo.prototype.spotSeriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new SeriesInfo instance using the specified properties.
             * @function create
             * @memberof patx.v1.SeriesInfo
             * @static
             * @param {patx.v1.SeriesInfo.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SeriesInfo} SeriesInfo instance
             * @type {{
             *   (properties: patx.v1.SeriesInfo.$Shape): patx.v1.SeriesInfo & patx.v1.SeriesInfo.$Shape;
             *   (properties?: patx.v1.SeriesInfo.$Properties): patx.v1.SeriesInfo;
             * }}
             */
            SeriesInfo.create = function(properties) {
                return new SeriesInfo(properties);
            };

            /**
             * Encodes the specified SeriesInfo message. Does not implicitly {@link patx.v1.SeriesInfo.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SeriesInfo
             * @static
             * @param {patx.v1.SeriesInfo.$Properties} message SeriesInfo message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SeriesInfo.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.contract != null && $Object.hasOwnProperty.call(message, "contract") && message.contract !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.contract);
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind") && message.kind !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.kind);
                if (message.status != null && $Object.hasOwnProperty.call(message, "status") && message.status !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.status);
                if (message.openAtMs != null && $Object.hasOwnProperty.call(message, "openAtMs") && (typeof message.openAtMs === "object" ? message.openAtMs.low || message.openAtMs.high : message.openAtMs !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.openAtMs);
                if (message.closeAtMs != null && $Object.hasOwnProperty.call(message, "closeAtMs") && (typeof message.closeAtMs === "object" ? message.closeAtMs.low || message.closeAtMs.high : message.closeAtMs !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.closeAtMs);
                if (message.tickMicros != null && $Object.hasOwnProperty.call(message, "tickMicros") && (typeof message.tickMicros === "object" ? message.tickMicros.low || message.tickMicros.high : message.tickMicros !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.tickMicros);
                if (message.lotSize != null && $Object.hasOwnProperty.call(message, "lotSize") && (typeof message.lotSize === "object" ? message.lotSize.low || message.lotSize.high : message.lotSize !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.lotSize);
                if (message.minPriceMicros != null && $Object.hasOwnProperty.call(message, "minPriceMicros") && (typeof message.minPriceMicros === "object" ? message.minPriceMicros.low || message.minPriceMicros.high : message.minPriceMicros !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).int64(message.minPriceMicros);
                if (message.maxPriceMicros != null && $Object.hasOwnProperty.call(message, "maxPriceMicros") && (typeof message.maxPriceMicros === "object" ? message.maxPriceMicros.low || message.maxPriceMicros.high : message.maxPriceMicros !== 0))
                    writer.uint32(/* id 10, wireType 0 =*/80).int64(message.maxPriceMicros);
                if (message.maxOrderQty != null && $Object.hasOwnProperty.call(message, "maxOrderQty") && (typeof message.maxOrderQty === "object" ? message.maxOrderQty.low || message.maxOrderQty.high : message.maxOrderQty !== 0))
                    writer.uint32(/* id 11, wireType 0 =*/88).uint64(message.maxOrderQty);
                if (message.referencePriceMicros != null && $Object.hasOwnProperty.call(message, "referencePriceMicros") && (typeof message.referencePriceMicros === "object" ? message.referencePriceMicros.low || message.referencePriceMicros.high : message.referencePriceMicros !== 0))
                    writer.uint32(/* id 12, wireType 0 =*/96).int64(message.referencePriceMicros);
                if (message.lastTradeMicros != null && $Object.hasOwnProperty.call(message, "lastTradeMicros") && (typeof message.lastTradeMicros === "object" ? message.lastTradeMicros.low || message.lastTradeMicros.high : message.lastTradeMicros !== 0))
                    writer.uint32(/* id 13, wireType 0 =*/104).int64(message.lastTradeMicros);
                if (message.delivery != null && $Object.hasOwnProperty.call(message, "delivery") && message.delivery !== 0)
                    writer.uint32(/* id 14, wireType 0 =*/112).int32(message.delivery);
                if (message.strikeMicros != null && $Object.hasOwnProperty.call(message, "strikeMicros") && (typeof message.strikeMicros === "object" ? message.strikeMicros.low || message.strikeMicros.high : message.strikeMicros !== 0))
                    writer.uint32(/* id 15, wireType 0 =*/120).int64(message.strikeMicros);
                if (message.spotSeriesId != null && $Object.hasOwnProperty.call(message, "spotSeriesId") && (typeof message.spotSeriesId === "object" ? message.spotSeriesId.low || message.spotSeriesId.high : message.spotSeriesId !== 0))
                    writer.uint32(/* id 16, wireType 0 =*/128).uint64(message.spotSeriesId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SeriesInfo message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SeriesInfo
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SeriesInfo & patx.v1.SeriesInfo.$Shape} SeriesInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SeriesInfo.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SeriesInfo();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.contract = value;
                            else
                                delete message.contract;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.kind = value;
                            else
                                delete message.kind;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.status = value;
                            else
                                delete message.status;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.openAtMs = value;
                            else
                                delete message.openAtMs;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.closeAtMs = value;
                            else
                                delete message.closeAtMs;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.tickMicros = value;
                            else
                                delete message.tickMicros;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.lotSize = value;
                            else
                                delete message.lotSize;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.minPriceMicros = value;
                            else
                                delete message.minPriceMicros;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.maxPriceMicros = value;
                            else
                                delete message.maxPriceMicros;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.maxOrderQty = value;
                            else
                                delete message.maxOrderQty;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.referencePriceMicros = value;
                            else
                                delete message.referencePriceMicros;
                            continue;
                        }
                    case 13: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.lastTradeMicros = value;
                            else
                                delete message.lastTradeMicros;
                            continue;
                        }
                    case 14: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.delivery = value;
                            else
                                delete message.delivery;
                            continue;
                        }
                    case 15: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.strikeMicros = value;
                            else
                                delete message.strikeMicros;
                            continue;
                        }
                    case 16: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.spotSeriesId = value;
                            else
                                delete message.spotSeriesId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SeriesInfo;
        })();

        /**
         * DeliveryState enum.
         * @name patx.v1.DeliveryState
         * @enum {number}
         * @property {number} DELIVERY_STATE_UNSPECIFIED=0 DELIVERY_STATE_UNSPECIFIED value
         * @property {number} DELIVERY_PENDING=1 DELIVERY_PENDING value
         * @property {number} DELIVERING_PROVIDERS=2 DELIVERING_PROVIDERS value
         * @property {number} DELIVERING_BUYERS=3 DELIVERING_BUYERS value
         * @property {number} DELIVERED=4 DELIVERED value
         */
        v1.DeliveryState = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "DELIVERY_STATE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "DELIVERY_PENDING"] = 1;
            values[valuesById[2] = "DELIVERING_PROVIDERS"] = 2;
            values[valuesById[3] = "DELIVERING_BUYERS"] = 3;
            values[valuesById[4] = "DELIVERED"] = 4;
            return values;
        })();

        /**
         * Channel enum.
         * @name patx.v1.Channel
         * @enum {number}
         * @property {number} CHANNEL_UNSPECIFIED=0 CHANNEL_UNSPECIFIED value
         * @property {number} BOOK=1 BOOK value
         * @property {number} TRADES=2 TRADES value
         * @property {number} QUOTES=3 QUOTES value
         * @property {number} REFERENCE=4 REFERENCE value
         * @property {number} STATUS=5 STATUS value
         * @property {number} FORWARD_CURVE=6 FORWARD_CURVE value
         * @property {number} SETTLEMENT=7 SETTLEMENT value
         * @property {number} OPTION=8 OPTION value
         */
        v1.Channel = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "CHANNEL_UNSPECIFIED"] = 0;
            values[valuesById[1] = "BOOK"] = 1;
            values[valuesById[2] = "TRADES"] = 2;
            values[valuesById[3] = "QUOTES"] = 3;
            values[valuesById[4] = "REFERENCE"] = 4;
            values[valuesById[5] = "STATUS"] = 5;
            values[valuesById[6] = "FORWARD_CURVE"] = 6;
            values[valuesById[7] = "SETTLEMENT"] = 7;
            values[valuesById[8] = "OPTION"] = 8;
            return values;
        })();

        v1.Subscribe = (function() {

            /**
             * Properties of a Subscribe.
             * @typedef {Object} patx.v1.Subscribe.$Properties
             * @property {number|null} [seriesId] Subscribe seriesId
             * @property {Array.<patx.v1.Channel>|null} [channels] Subscribe channels
             * @property {string|null} [contract] Subscribe contract
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Subscribe.
             * @memberof patx.v1
             * @interface ISubscribe
             * @augments patx.v1.Subscribe.$Properties
             * @deprecated Use patx.v1.Subscribe.$Properties instead.
             */

            /**
             * Shape of a Subscribe.
             * @typedef {patx.v1.Subscribe.$Properties} patx.v1.Subscribe.$Shape
             */

            /**
             * Constructs a new Subscribe.
             * @memberof patx.v1
             * @classdesc Represents a Subscribe.
             * @constructor
             * @param {patx.v1.Subscribe.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Subscribe = function (properties) {
                this.channels = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Subscribe seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.Subscribe
             * @instance
             */
            Subscribe.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Subscribe channels.
             * @member {Array.<patx.v1.Channel>} channels
             * @memberof patx.v1.Subscribe
             * @instance
             */
            Subscribe.prototype.channels = $util.emptyArray;

            /**
             * Subscribe contract.
             * @member {string} contract
             * @memberof patx.v1.Subscribe
             * @instance
             */
            Subscribe.prototype.contract = "";

            /**
             * Creates a new Subscribe instance using the specified properties.
             * @function create
             * @memberof patx.v1.Subscribe
             * @static
             * @param {patx.v1.Subscribe.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Subscribe} Subscribe instance
             * @type {{
             *   (properties: patx.v1.Subscribe.$Shape): patx.v1.Subscribe & patx.v1.Subscribe.$Shape;
             *   (properties?: patx.v1.Subscribe.$Properties): patx.v1.Subscribe;
             * }}
             */
            Subscribe.create = function(properties) {
                return new Subscribe(properties);
            };

            /**
             * Encodes the specified Subscribe message. Does not implicitly {@link patx.v1.Subscribe.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Subscribe
             * @static
             * @param {patx.v1.Subscribe.$Properties} message Subscribe message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Subscribe.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.channels != null && message.channels.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).int32s(message.channels);
                if (message.contract != null && $Object.hasOwnProperty.call(message, "contract") && message.contract !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.contract);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Subscribe message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Subscribe
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Subscribe & patx.v1.Subscribe.$Shape} Subscribe
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Subscribe.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Subscribe();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType === 2) {
                                if (!(message.channels && message.channels.length))
                                    message.channels = [];
                                reader.int32s(message.channels);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.channels && message.channels.length))
                                message.channels = [];
                            message.channels.push(reader.int32());
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.contract = value;
                            else
                                delete message.contract;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Subscribe;
        })();

        v1.Unsubscribe = (function() {

            /**
             * Properties of an Unsubscribe.
             * @typedef {Object} patx.v1.Unsubscribe.$Properties
             * @property {number|null} [seriesId] Unsubscribe seriesId
             * @property {Array.<patx.v1.Channel>|null} [channels] Unsubscribe channels
             * @property {string|null} [contract] Unsubscribe contract
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Unsubscribe.
             * @memberof patx.v1
             * @interface IUnsubscribe
             * @augments patx.v1.Unsubscribe.$Properties
             * @deprecated Use patx.v1.Unsubscribe.$Properties instead.
             */

            /**
             * Shape of an Unsubscribe.
             * @typedef {patx.v1.Unsubscribe.$Properties} patx.v1.Unsubscribe.$Shape
             */

            /**
             * Constructs a new Unsubscribe.
             * @memberof patx.v1
             * @classdesc Represents an Unsubscribe.
             * @constructor
             * @param {patx.v1.Unsubscribe.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Unsubscribe = function (properties) {
                this.channels = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Unsubscribe seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.Unsubscribe
             * @instance
             */
            Unsubscribe.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Unsubscribe channels.
             * @member {Array.<patx.v1.Channel>} channels
             * @memberof patx.v1.Unsubscribe
             * @instance
             */
            Unsubscribe.prototype.channels = $util.emptyArray;

            /**
             * Unsubscribe contract.
             * @member {string} contract
             * @memberof patx.v1.Unsubscribe
             * @instance
             */
            Unsubscribe.prototype.contract = "";

            /**
             * Creates a new Unsubscribe instance using the specified properties.
             * @function create
             * @memberof patx.v1.Unsubscribe
             * @static
             * @param {patx.v1.Unsubscribe.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Unsubscribe} Unsubscribe instance
             * @type {{
             *   (properties: patx.v1.Unsubscribe.$Shape): patx.v1.Unsubscribe & patx.v1.Unsubscribe.$Shape;
             *   (properties?: patx.v1.Unsubscribe.$Properties): patx.v1.Unsubscribe;
             * }}
             */
            Unsubscribe.create = function(properties) {
                return new Unsubscribe(properties);
            };

            /**
             * Encodes the specified Unsubscribe message. Does not implicitly {@link patx.v1.Unsubscribe.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Unsubscribe
             * @static
             * @param {patx.v1.Unsubscribe.$Properties} message Unsubscribe message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Unsubscribe.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.channels != null && message.channels.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).int32s(message.channels);
                if (message.contract != null && $Object.hasOwnProperty.call(message, "contract") && message.contract !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.contract);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Unsubscribe message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Unsubscribe
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Unsubscribe & patx.v1.Unsubscribe.$Shape} Unsubscribe
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Unsubscribe.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Unsubscribe();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType === 2) {
                                if (!(message.channels && message.channels.length))
                                    message.channels = [];
                                reader.int32s(message.channels);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.channels && message.channels.length))
                                message.channels = [];
                            message.channels.push(reader.int32());
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.contract = value;
                            else
                                delete message.contract;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Unsubscribe;
        })();

        v1.Subscribed = (function() {

            /**
             * Properties of a Subscribed.
             * @typedef {Object} patx.v1.Subscribed.$Properties
             * @property {number|null} [seriesId] Subscribed seriesId
             * @property {Array.<patx.v1.StreamPosition.$Properties>|null} [streams] Subscribed streams
             * @property {string|null} [contract] Subscribed contract
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Subscribed.
             * @memberof patx.v1
             * @interface ISubscribed
             * @augments patx.v1.Subscribed.$Properties
             * @deprecated Use patx.v1.Subscribed.$Properties instead.
             */

            /**
             * Shape of a Subscribed.
             * @typedef {patx.v1.Subscribed.$Properties} patx.v1.Subscribed.$Shape
             */

            /**
             * Constructs a new Subscribed.
             * @memberof patx.v1
             * @classdesc Represents a Subscribed.
             * @constructor
             * @param {patx.v1.Subscribed.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Subscribed = function (properties) {
                this.streams = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Subscribed seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.Subscribed
             * @instance
             */
            Subscribed.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Subscribed streams.
             * @member {Array.<patx.v1.StreamPosition.$Properties>} streams
             * @memberof patx.v1.Subscribed
             * @instance
             */
            Subscribed.prototype.streams = $util.emptyArray;

            /**
             * Subscribed contract.
             * @member {string} contract
             * @memberof patx.v1.Subscribed
             * @instance
             */
            Subscribed.prototype.contract = "";

            /**
             * Creates a new Subscribed instance using the specified properties.
             * @function create
             * @memberof patx.v1.Subscribed
             * @static
             * @param {patx.v1.Subscribed.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Subscribed} Subscribed instance
             * @type {{
             *   (properties: patx.v1.Subscribed.$Shape): patx.v1.Subscribed & patx.v1.Subscribed.$Shape;
             *   (properties?: patx.v1.Subscribed.$Properties): patx.v1.Subscribed;
             * }}
             */
            Subscribed.create = function(properties) {
                return new Subscribed(properties);
            };

            /**
             * Encodes the specified Subscribed message. Does not implicitly {@link patx.v1.Subscribed.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Subscribed
             * @static
             * @param {patx.v1.Subscribed.$Properties} message Subscribed message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Subscribed.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.streams != null && message.streams.length)
                    for (let i = 0; i < message.streams.length; ++i)
                        $root.patx.v1.StreamPosition.encode(message.streams[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.contract != null && $Object.hasOwnProperty.call(message, "contract") && message.contract !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.contract);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Subscribed message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Subscribed
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Subscribed & patx.v1.Subscribed.$Shape} Subscribed
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Subscribed.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Subscribed();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.streams && message.streams.length))
                                message.streams = [];
                            message.streams.push($root.patx.v1.StreamPosition.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.contract = value;
                            else
                                delete message.contract;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Subscribed;
        })();

        v1.StreamPosition = (function() {

            /**
             * Properties of a StreamPosition.
             * @typedef {Object} patx.v1.StreamPosition.$Properties
             * @property {patx.v1.Channel|null} [channel] StreamPosition channel
             * @property {number|null} [seq] StreamPosition seq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a StreamPosition.
             * @memberof patx.v1
             * @interface IStreamPosition
             * @augments patx.v1.StreamPosition.$Properties
             * @deprecated Use patx.v1.StreamPosition.$Properties instead.
             */

            /**
             * Shape of a StreamPosition.
             * @typedef {patx.v1.StreamPosition.$Properties} patx.v1.StreamPosition.$Shape
             */

            /**
             * Constructs a new StreamPosition.
             * @memberof patx.v1
             * @classdesc Represents a StreamPosition.
             * @constructor
             * @param {patx.v1.StreamPosition.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const StreamPosition = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * StreamPosition channel.
             * @member {patx.v1.Channel} channel
             * @memberof patx.v1.StreamPosition
             * @instance
             */
            StreamPosition.prototype.channel = 0;

            /**
             * StreamPosition seq.
             * @member {number} seq
             * @memberof patx.v1.StreamPosition
             * @instance
             */
            StreamPosition.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new StreamPosition instance using the specified properties.
             * @function create
             * @memberof patx.v1.StreamPosition
             * @static
             * @param {patx.v1.StreamPosition.$Properties=} [properties] Properties to set
             * @returns {patx.v1.StreamPosition} StreamPosition instance
             * @type {{
             *   (properties: patx.v1.StreamPosition.$Shape): patx.v1.StreamPosition & patx.v1.StreamPosition.$Shape;
             *   (properties?: patx.v1.StreamPosition.$Properties): patx.v1.StreamPosition;
             * }}
             */
            StreamPosition.create = function(properties) {
                return new StreamPosition(properties);
            };

            /**
             * Encodes the specified StreamPosition message. Does not implicitly {@link patx.v1.StreamPosition.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.StreamPosition
             * @static
             * @param {patx.v1.StreamPosition.$Properties} message StreamPosition message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            StreamPosition.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.channel != null && $Object.hasOwnProperty.call(message, "channel") && message.channel !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.channel);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a StreamPosition message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.StreamPosition
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.StreamPosition & patx.v1.StreamPosition.$Shape} StreamPosition
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            StreamPosition.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.StreamPosition();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.channel = value;
                            else
                                delete message.channel;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return StreamPosition;
        })();

        v1.Unsubscribed = (function() {

            /**
             * Properties of an Unsubscribed.
             * @typedef {Object} patx.v1.Unsubscribed.$Properties
             * @property {number|null} [seriesId] Unsubscribed seriesId
             * @property {Array.<patx.v1.Channel>|null} [channels] Unsubscribed channels
             * @property {string|null} [contract] Unsubscribed contract
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Unsubscribed.
             * @memberof patx.v1
             * @interface IUnsubscribed
             * @augments patx.v1.Unsubscribed.$Properties
             * @deprecated Use patx.v1.Unsubscribed.$Properties instead.
             */

            /**
             * Shape of an Unsubscribed.
             * @typedef {patx.v1.Unsubscribed.$Properties} patx.v1.Unsubscribed.$Shape
             */

            /**
             * Constructs a new Unsubscribed.
             * @memberof patx.v1
             * @classdesc Represents an Unsubscribed.
             * @constructor
             * @param {patx.v1.Unsubscribed.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Unsubscribed = function (properties) {
                this.channels = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Unsubscribed seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.Unsubscribed
             * @instance
             */
            Unsubscribed.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Unsubscribed channels.
             * @member {Array.<patx.v1.Channel>} channels
             * @memberof patx.v1.Unsubscribed
             * @instance
             */
            Unsubscribed.prototype.channels = $util.emptyArray;

            /**
             * Unsubscribed contract.
             * @member {string} contract
             * @memberof patx.v1.Unsubscribed
             * @instance
             */
            Unsubscribed.prototype.contract = "";

            /**
             * Creates a new Unsubscribed instance using the specified properties.
             * @function create
             * @memberof patx.v1.Unsubscribed
             * @static
             * @param {patx.v1.Unsubscribed.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Unsubscribed} Unsubscribed instance
             * @type {{
             *   (properties: patx.v1.Unsubscribed.$Shape): patx.v1.Unsubscribed & patx.v1.Unsubscribed.$Shape;
             *   (properties?: patx.v1.Unsubscribed.$Properties): patx.v1.Unsubscribed;
             * }}
             */
            Unsubscribed.create = function(properties) {
                return new Unsubscribed(properties);
            };

            /**
             * Encodes the specified Unsubscribed message. Does not implicitly {@link patx.v1.Unsubscribed.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Unsubscribed
             * @static
             * @param {patx.v1.Unsubscribed.$Properties} message Unsubscribed message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Unsubscribed.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.channels != null && message.channels.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).int32s(message.channels);
                if (message.contract != null && $Object.hasOwnProperty.call(message, "contract") && message.contract !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.contract);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Unsubscribed message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Unsubscribed
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Unsubscribed & patx.v1.Unsubscribed.$Shape} Unsubscribed
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Unsubscribed.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Unsubscribed();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType === 2) {
                                if (!(message.channels && message.channels.length))
                                    message.channels = [];
                                reader.int32s(message.channels);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.channels && message.channels.length))
                                message.channels = [];
                            message.channels.push(reader.int32());
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.contract = value;
                            else
                                delete message.contract;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Unsubscribed;
        })();

        v1.Level = (function() {

            /**
             * Properties of a Level.
             * @typedef {Object} patx.v1.Level.$Properties
             * @property {number|null} [priceMicros] Level priceMicros
             * @property {number|null} [qty] Level qty
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Level.
             * @memberof patx.v1
             * @interface ILevel
             * @augments patx.v1.Level.$Properties
             * @deprecated Use patx.v1.Level.$Properties instead.
             */

            /**
             * Shape of a Level.
             * @typedef {patx.v1.Level.$Properties} patx.v1.Level.$Shape
             */

            /**
             * Constructs a new Level.
             * @memberof patx.v1
             * @classdesc Represents a Level.
             * @constructor
             * @param {patx.v1.Level.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Level = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Level priceMicros.
             * @member {number} priceMicros
             * @memberof patx.v1.Level
             * @instance
             */
            Level.prototype.priceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Level qty.
             * @member {number} qty
             * @memberof patx.v1.Level
             * @instance
             */
            Level.prototype.qty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Level instance using the specified properties.
             * @function create
             * @memberof patx.v1.Level
             * @static
             * @param {patx.v1.Level.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Level} Level instance
             * @type {{
             *   (properties: patx.v1.Level.$Shape): patx.v1.Level & patx.v1.Level.$Shape;
             *   (properties?: patx.v1.Level.$Properties): patx.v1.Level;
             * }}
             */
            Level.create = function(properties) {
                return new Level(properties);
            };

            /**
             * Encodes the specified Level message. Does not implicitly {@link patx.v1.Level.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Level
             * @static
             * @param {patx.v1.Level.$Properties} message Level message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Level.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.priceMicros != null && $Object.hasOwnProperty.call(message, "priceMicros") && (typeof message.priceMicros === "object" ? message.priceMicros.low || message.priceMicros.high : message.priceMicros !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).int64(message.priceMicros);
                if (message.qty != null && $Object.hasOwnProperty.call(message, "qty") && (typeof message.qty === "object" ? message.qty.low || message.qty.high : message.qty !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.qty);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Level message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Level
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Level & patx.v1.Level.$Shape} Level
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Level.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Level();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.priceMicros = value;
                            else
                                delete message.priceMicros;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.qty = value;
                            else
                                delete message.qty;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Level;
        })();

        v1.BookSnapshot = (function() {

            /**
             * Properties of a BookSnapshot.
             * @typedef {Object} patx.v1.BookSnapshot.$Properties
             * @property {number|null} [seriesId] BookSnapshot seriesId
             * @property {number|null} [seq] BookSnapshot seq
             * @property {Array.<patx.v1.Level.$Properties>|null} [bids] BookSnapshot bids
             * @property {Array.<patx.v1.Level.$Properties>|null} [asks] BookSnapshot asks
             * @property {number|null} [checksum] BookSnapshot checksum
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a BookSnapshot.
             * @memberof patx.v1
             * @interface IBookSnapshot
             * @augments patx.v1.BookSnapshot.$Properties
             * @deprecated Use patx.v1.BookSnapshot.$Properties instead.
             */

            /**
             * Shape of a BookSnapshot.
             * @typedef {patx.v1.BookSnapshot.$Properties} patx.v1.BookSnapshot.$Shape
             */

            /**
             * Constructs a new BookSnapshot.
             * @memberof patx.v1
             * @classdesc Represents a BookSnapshot.
             * @constructor
             * @param {patx.v1.BookSnapshot.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const BookSnapshot = function (properties) {
                this.bids = [];
                this.asks = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * BookSnapshot seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.BookSnapshot
             * @instance
             */
            BookSnapshot.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * BookSnapshot seq.
             * @member {number} seq
             * @memberof patx.v1.BookSnapshot
             * @instance
             */
            BookSnapshot.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * BookSnapshot bids.
             * @member {Array.<patx.v1.Level.$Properties>} bids
             * @memberof patx.v1.BookSnapshot
             * @instance
             */
            BookSnapshot.prototype.bids = $util.emptyArray;

            /**
             * BookSnapshot asks.
             * @member {Array.<patx.v1.Level.$Properties>} asks
             * @memberof patx.v1.BookSnapshot
             * @instance
             */
            BookSnapshot.prototype.asks = $util.emptyArray;

            /**
             * BookSnapshot checksum.
             * @member {number} checksum
             * @memberof patx.v1.BookSnapshot
             * @instance
             */
            BookSnapshot.prototype.checksum = 0;

            /**
             * Creates a new BookSnapshot instance using the specified properties.
             * @function create
             * @memberof patx.v1.BookSnapshot
             * @static
             * @param {patx.v1.BookSnapshot.$Properties=} [properties] Properties to set
             * @returns {patx.v1.BookSnapshot} BookSnapshot instance
             * @type {{
             *   (properties: patx.v1.BookSnapshot.$Shape): patx.v1.BookSnapshot & patx.v1.BookSnapshot.$Shape;
             *   (properties?: patx.v1.BookSnapshot.$Properties): patx.v1.BookSnapshot;
             * }}
             */
            BookSnapshot.create = function(properties) {
                return new BookSnapshot(properties);
            };

            /**
             * Encodes the specified BookSnapshot message. Does not implicitly {@link patx.v1.BookSnapshot.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.BookSnapshot
             * @static
             * @param {patx.v1.BookSnapshot.$Properties} message BookSnapshot message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            BookSnapshot.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
                if (message.bids != null && message.bids.length)
                    for (let i = 0; i < message.bids.length; ++i)
                        $root.patx.v1.Level.encode(message.bids[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.asks != null && message.asks.length)
                    for (let i = 0; i < message.asks.length; ++i)
                        $root.patx.v1.Level.encode(message.asks[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.checksum != null && $Object.hasOwnProperty.call(message, "checksum") && message.checksum !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.checksum);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a BookSnapshot message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.BookSnapshot
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.BookSnapshot & patx.v1.BookSnapshot.$Shape} BookSnapshot
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            BookSnapshot.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.BookSnapshot();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.bids && message.bids.length))
                                message.bids = [];
                            message.bids.push($root.patx.v1.Level.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.asks && message.asks.length))
                                message.asks = [];
                            message.asks.push($root.patx.v1.Level.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.checksum = value;
                            else
                                delete message.checksum;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return BookSnapshot;
        })();

        v1.BookUpdate = (function() {

            /**
             * Properties of a BookUpdate.
             * @typedef {Object} patx.v1.BookUpdate.$Properties
             * @property {number|null} [seriesId] BookUpdate seriesId
             * @property {number|null} [seq] BookUpdate seq
             * @property {Array.<patx.v1.Level.$Properties>|null} [bids] BookUpdate bids
             * @property {Array.<patx.v1.Level.$Properties>|null} [asks] BookUpdate asks
             * @property {number|null} [checksum] BookUpdate checksum
             * @property {number|null} [engineSeq] BookUpdate engineSeq
             * @property {number|null} [prevSeq] BookUpdate prevSeq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a BookUpdate.
             * @memberof patx.v1
             * @interface IBookUpdate
             * @augments patx.v1.BookUpdate.$Properties
             * @deprecated Use patx.v1.BookUpdate.$Properties instead.
             */

            /**
             * Shape of a BookUpdate.
             * @typedef {patx.v1.BookUpdate.$Properties} patx.v1.BookUpdate.$Shape
             */

            /**
             * Constructs a new BookUpdate.
             * @memberof patx.v1
             * @classdesc Represents a BookUpdate.
             * @constructor
             * @param {patx.v1.BookUpdate.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const BookUpdate = function (properties) {
                this.bids = [];
                this.asks = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * BookUpdate seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.BookUpdate
             * @instance
             */
            BookUpdate.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * BookUpdate seq.
             * @member {number} seq
             * @memberof patx.v1.BookUpdate
             * @instance
             */
            BookUpdate.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * BookUpdate bids.
             * @member {Array.<patx.v1.Level.$Properties>} bids
             * @memberof patx.v1.BookUpdate
             * @instance
             */
            BookUpdate.prototype.bids = $util.emptyArray;

            /**
             * BookUpdate asks.
             * @member {Array.<patx.v1.Level.$Properties>} asks
             * @memberof patx.v1.BookUpdate
             * @instance
             */
            BookUpdate.prototype.asks = $util.emptyArray;

            /**
             * BookUpdate checksum.
             * @member {number} checksum
             * @memberof patx.v1.BookUpdate
             * @instance
             */
            BookUpdate.prototype.checksum = 0;

            /**
             * BookUpdate engineSeq.
             * @member {number} engineSeq
             * @memberof patx.v1.BookUpdate
             * @instance
             */
            BookUpdate.prototype.engineSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * BookUpdate prevSeq.
             * @member {number} prevSeq
             * @memberof patx.v1.BookUpdate
             * @instance
             */
            BookUpdate.prototype.prevSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new BookUpdate instance using the specified properties.
             * @function create
             * @memberof patx.v1.BookUpdate
             * @static
             * @param {patx.v1.BookUpdate.$Properties=} [properties] Properties to set
             * @returns {patx.v1.BookUpdate} BookUpdate instance
             * @type {{
             *   (properties: patx.v1.BookUpdate.$Shape): patx.v1.BookUpdate & patx.v1.BookUpdate.$Shape;
             *   (properties?: patx.v1.BookUpdate.$Properties): patx.v1.BookUpdate;
             * }}
             */
            BookUpdate.create = function(properties) {
                return new BookUpdate(properties);
            };

            /**
             * Encodes the specified BookUpdate message. Does not implicitly {@link patx.v1.BookUpdate.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.BookUpdate
             * @static
             * @param {patx.v1.BookUpdate.$Properties} message BookUpdate message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            BookUpdate.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
                if (message.bids != null && message.bids.length)
                    for (let i = 0; i < message.bids.length; ++i)
                        $root.patx.v1.Level.encode(message.bids[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.asks != null && message.asks.length)
                    for (let i = 0; i < message.asks.length; ++i)
                        $root.patx.v1.Level.encode(message.asks[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.checksum != null && $Object.hasOwnProperty.call(message, "checksum") && message.checksum !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.checksum);
                if (message.engineSeq != null && $Object.hasOwnProperty.call(message, "engineSeq") && (typeof message.engineSeq === "object" ? message.engineSeq.low || message.engineSeq.high : message.engineSeq !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.engineSeq);
                if (message.prevSeq != null && $Object.hasOwnProperty.call(message, "prevSeq") && (typeof message.prevSeq === "object" ? message.prevSeq.low || message.prevSeq.high : message.prevSeq !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.prevSeq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a BookUpdate message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.BookUpdate
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.BookUpdate & patx.v1.BookUpdate.$Shape} BookUpdate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            BookUpdate.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.BookUpdate();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.bids && message.bids.length))
                                message.bids = [];
                            message.bids.push($root.patx.v1.Level.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.asks && message.asks.length))
                                message.asks = [];
                            message.asks.push($root.patx.v1.Level.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.checksum = value;
                            else
                                delete message.checksum;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.engineSeq = value;
                            else
                                delete message.engineSeq;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.prevSeq = value;
                            else
                                delete message.prevSeq;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return BookUpdate;
        })();

        v1.Trade = (function() {

            /**
             * Properties of a Trade.
             * @typedef {Object} patx.v1.Trade.$Properties
             * @property {number|null} [seriesId] Trade seriesId
             * @property {number|null} [seq] Trade seq
             * @property {number|null} [tradeId] Trade tradeId
             * @property {number|null} [priceMicros] Trade priceMicros
             * @property {number|null} [qty] Trade qty
             * @property {patx.v1.Side|null} [takerSide] Trade takerSide
             * @property {number|null} [timeMs] Trade timeMs
             * @property {number|null} [prevSeq] Trade prevSeq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Trade.
             * @memberof patx.v1
             * @interface ITrade
             * @augments patx.v1.Trade.$Properties
             * @deprecated Use patx.v1.Trade.$Properties instead.
             */

            /**
             * Shape of a Trade.
             * @typedef {patx.v1.Trade.$Properties} patx.v1.Trade.$Shape
             */

            /**
             * Constructs a new Trade.
             * @memberof patx.v1
             * @classdesc Represents a Trade.
             * @constructor
             * @param {patx.v1.Trade.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Trade = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Trade seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.Trade
             * @instance
             */
            Trade.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Trade seq.
             * @member {number} seq
             * @memberof patx.v1.Trade
             * @instance
             */
            Trade.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Trade tradeId.
             * @member {number} tradeId
             * @memberof patx.v1.Trade
             * @instance
             */
            Trade.prototype.tradeId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Trade priceMicros.
             * @member {number} priceMicros
             * @memberof patx.v1.Trade
             * @instance
             */
            Trade.prototype.priceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Trade qty.
             * @member {number} qty
             * @memberof patx.v1.Trade
             * @instance
             */
            Trade.prototype.qty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Trade takerSide.
             * @member {patx.v1.Side} takerSide
             * @memberof patx.v1.Trade
             * @instance
             */
            Trade.prototype.takerSide = 0;

            /**
             * Trade timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.Trade
             * @instance
             */
            Trade.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Trade prevSeq.
             * @member {number} prevSeq
             * @memberof patx.v1.Trade
             * @instance
             */
            Trade.prototype.prevSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Trade instance using the specified properties.
             * @function create
             * @memberof patx.v1.Trade
             * @static
             * @param {patx.v1.Trade.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Trade} Trade instance
             * @type {{
             *   (properties: patx.v1.Trade.$Shape): patx.v1.Trade & patx.v1.Trade.$Shape;
             *   (properties?: patx.v1.Trade.$Properties): patx.v1.Trade;
             * }}
             */
            Trade.create = function(properties) {
                return new Trade(properties);
            };

            /**
             * Encodes the specified Trade message. Does not implicitly {@link patx.v1.Trade.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Trade
             * @static
             * @param {patx.v1.Trade.$Properties} message Trade message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Trade.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
                if (message.tradeId != null && $Object.hasOwnProperty.call(message, "tradeId") && (typeof message.tradeId === "object" ? message.tradeId.low || message.tradeId.high : message.tradeId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.tradeId);
                if (message.priceMicros != null && $Object.hasOwnProperty.call(message, "priceMicros") && (typeof message.priceMicros === "object" ? message.priceMicros.low || message.priceMicros.high : message.priceMicros !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.priceMicros);
                if (message.qty != null && $Object.hasOwnProperty.call(message, "qty") && (typeof message.qty === "object" ? message.qty.low || message.qty.high : message.qty !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.qty);
                if (message.takerSide != null && $Object.hasOwnProperty.call(message, "takerSide") && message.takerSide !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).int32(message.takerSide);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.timeMs);
                if (message.prevSeq != null && $Object.hasOwnProperty.call(message, "prevSeq") && (typeof message.prevSeq === "object" ? message.prevSeq.low || message.prevSeq.high : message.prevSeq !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.prevSeq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Trade message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Trade
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Trade & patx.v1.Trade.$Shape} Trade
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Trade.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Trade();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.tradeId = value;
                            else
                                delete message.tradeId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.priceMicros = value;
                            else
                                delete message.priceMicros;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.qty = value;
                            else
                                delete message.qty;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.takerSide = value;
                            else
                                delete message.takerSide;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.prevSeq = value;
                            else
                                delete message.prevSeq;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Trade;
        })();

        v1.Trades = (function() {

            /**
             * Properties of a Trades.
             * @typedef {Object} patx.v1.Trades.$Properties
             * @property {Array.<patx.v1.Trade.$Properties>|null} [trades] Trades trades
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Trades.
             * @memberof patx.v1
             * @interface ITrades
             * @augments patx.v1.Trades.$Properties
             * @deprecated Use patx.v1.Trades.$Properties instead.
             */

            /**
             * Shape of a Trades.
             * @typedef {patx.v1.Trades.$Properties} patx.v1.Trades.$Shape
             */

            /**
             * Constructs a new Trades.
             * @memberof patx.v1
             * @classdesc Represents a Trades.
             * @constructor
             * @param {patx.v1.Trades.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Trades = function (properties) {
                this.trades = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Trades trades.
             * @member {Array.<patx.v1.Trade.$Properties>} trades
             * @memberof patx.v1.Trades
             * @instance
             */
            Trades.prototype.trades = $util.emptyArray;

            /**
             * Creates a new Trades instance using the specified properties.
             * @function create
             * @memberof patx.v1.Trades
             * @static
             * @param {patx.v1.Trades.$Properties=} [properties] Properties to set
             * @returns {patx.v1.Trades} Trades instance
             * @type {{
             *   (properties: patx.v1.Trades.$Shape): patx.v1.Trades & patx.v1.Trades.$Shape;
             *   (properties?: patx.v1.Trades.$Properties): patx.v1.Trades;
             * }}
             */
            Trades.create = function(properties) {
                return new Trades(properties);
            };

            /**
             * Encodes the specified Trades message. Does not implicitly {@link patx.v1.Trades.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.Trades
             * @static
             * @param {patx.v1.Trades.$Properties} message Trades message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Trades.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.trades != null && message.trades.length)
                    for (let i = 0; i < message.trades.length; ++i)
                        $root.patx.v1.Trade.encode(message.trades[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Trades message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.Trades
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.Trades & patx.v1.Trades.$Shape} Trades
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Trades.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.Trades();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if (!(message.trades && message.trades.length))
                                message.trades = [];
                            message.trades.push($root.patx.v1.Trade.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return Trades;
        })();

        v1.QuoteLadder = (function() {

            /**
             * Properties of a QuoteLadder.
             * @typedef {Object} patx.v1.QuoteLadder.$Properties
             * @property {number|null} [seriesId] QuoteLadder seriesId
             * @property {number|null} [seq] QuoteLadder seq
             * @property {Array.<patx.v1.Level.$Properties>|null} [bids] QuoteLadder bids
             * @property {Array.<patx.v1.Level.$Properties>|null} [asks] QuoteLadder asks
             * @property {number|null} [timeMs] QuoteLadder timeMs
             * @property {number|null} [prevSeq] QuoteLadder prevSeq
             * @property {number|null} [takerFeeBps] QuoteLadder takerFeeBps
             * @property {number|null} [takeRateBps] QuoteLadder takeRateBps
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a QuoteLadder.
             * @memberof patx.v1
             * @interface IQuoteLadder
             * @augments patx.v1.QuoteLadder.$Properties
             * @deprecated Use patx.v1.QuoteLadder.$Properties instead.
             */

            /**
             * Shape of a QuoteLadder.
             * @typedef {patx.v1.QuoteLadder.$Properties} patx.v1.QuoteLadder.$Shape
             */

            /**
             * Constructs a new QuoteLadder.
             * @memberof patx.v1
             * @classdesc Represents a QuoteLadder.
             * @constructor
             * @param {patx.v1.QuoteLadder.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const QuoteLadder = function (properties) {
                this.bids = [];
                this.asks = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * QuoteLadder seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.QuoteLadder
             * @instance
             */
            QuoteLadder.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * QuoteLadder seq.
             * @member {number} seq
             * @memberof patx.v1.QuoteLadder
             * @instance
             */
            QuoteLadder.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * QuoteLadder bids.
             * @member {Array.<patx.v1.Level.$Properties>} bids
             * @memberof patx.v1.QuoteLadder
             * @instance
             */
            QuoteLadder.prototype.bids = $util.emptyArray;

            /**
             * QuoteLadder asks.
             * @member {Array.<patx.v1.Level.$Properties>} asks
             * @memberof patx.v1.QuoteLadder
             * @instance
             */
            QuoteLadder.prototype.asks = $util.emptyArray;

            /**
             * QuoteLadder timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.QuoteLadder
             * @instance
             */
            QuoteLadder.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * QuoteLadder prevSeq.
             * @member {number} prevSeq
             * @memberof patx.v1.QuoteLadder
             * @instance
             */
            QuoteLadder.prototype.prevSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * QuoteLadder takerFeeBps.
             * @member {number} takerFeeBps
             * @memberof patx.v1.QuoteLadder
             * @instance
             */
            QuoteLadder.prototype.takerFeeBps = 0;

            /**
             * QuoteLadder takeRateBps.
             * @member {number} takeRateBps
             * @memberof patx.v1.QuoteLadder
             * @instance
             */
            QuoteLadder.prototype.takeRateBps = 0;

            /**
             * Creates a new QuoteLadder instance using the specified properties.
             * @function create
             * @memberof patx.v1.QuoteLadder
             * @static
             * @param {patx.v1.QuoteLadder.$Properties=} [properties] Properties to set
             * @returns {patx.v1.QuoteLadder} QuoteLadder instance
             * @type {{
             *   (properties: patx.v1.QuoteLadder.$Shape): patx.v1.QuoteLadder & patx.v1.QuoteLadder.$Shape;
             *   (properties?: patx.v1.QuoteLadder.$Properties): patx.v1.QuoteLadder;
             * }}
             */
            QuoteLadder.create = function(properties) {
                return new QuoteLadder(properties);
            };

            /**
             * Encodes the specified QuoteLadder message. Does not implicitly {@link patx.v1.QuoteLadder.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.QuoteLadder
             * @static
             * @param {patx.v1.QuoteLadder.$Properties} message QuoteLadder message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            QuoteLadder.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
                if (message.bids != null && message.bids.length)
                    for (let i = 0; i < message.bids.length; ++i)
                        $root.patx.v1.Level.encode(message.bids[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.asks != null && message.asks.length)
                    for (let i = 0; i < message.asks.length; ++i)
                        $root.patx.v1.Level.encode(message.asks[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.timeMs);
                if (message.prevSeq != null && $Object.hasOwnProperty.call(message, "prevSeq") && (typeof message.prevSeq === "object" ? message.prevSeq.low || message.prevSeq.high : message.prevSeq !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.prevSeq);
                if (message.takerFeeBps != null && $Object.hasOwnProperty.call(message, "takerFeeBps") && message.takerFeeBps !== 0)
                    writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.takerFeeBps);
                if (message.takeRateBps != null && $Object.hasOwnProperty.call(message, "takeRateBps") && message.takeRateBps !== 0)
                    writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.takeRateBps);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a QuoteLadder message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.QuoteLadder
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.QuoteLadder & patx.v1.QuoteLadder.$Shape} QuoteLadder
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            QuoteLadder.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.QuoteLadder();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.bids && message.bids.length))
                                message.bids = [];
                            message.bids.push($root.patx.v1.Level.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.asks && message.asks.length))
                                message.asks = [];
                            message.asks.push($root.patx.v1.Level.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.prevSeq = value;
                            else
                                delete message.prevSeq;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.takerFeeBps = value;
                            else
                                delete message.takerFeeBps;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.takeRateBps = value;
                            else
                                delete message.takeRateBps;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return QuoteLadder;
        })();

        v1.ReferencePrice = (function() {

            /**
             * Properties of a ReferencePrice.
             * @typedef {Object} patx.v1.ReferencePrice.$Properties
             * @property {number|null} [seriesId] ReferencePrice seriesId
             * @property {number|null} [seq] ReferencePrice seq
             * @property {number|null} [priceMicros] ReferencePrice priceMicros
             * @property {number|null} [timeMs] ReferencePrice timeMs
             * @property {number|null} [prevSeq] ReferencePrice prevSeq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ReferencePrice.
             * @memberof patx.v1
             * @interface IReferencePrice
             * @augments patx.v1.ReferencePrice.$Properties
             * @deprecated Use patx.v1.ReferencePrice.$Properties instead.
             */

            /**
             * Shape of a ReferencePrice.
             * @typedef {patx.v1.ReferencePrice.$Properties} patx.v1.ReferencePrice.$Shape
             */

            /**
             * Constructs a new ReferencePrice.
             * @memberof patx.v1
             * @classdesc Represents a ReferencePrice.
             * @constructor
             * @param {patx.v1.ReferencePrice.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ReferencePrice = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ReferencePrice seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.ReferencePrice
             * @instance
             */
            ReferencePrice.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ReferencePrice seq.
             * @member {number} seq
             * @memberof patx.v1.ReferencePrice
             * @instance
             */
            ReferencePrice.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ReferencePrice priceMicros.
             * @member {number} priceMicros
             * @memberof patx.v1.ReferencePrice
             * @instance
             */
            ReferencePrice.prototype.priceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ReferencePrice timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.ReferencePrice
             * @instance
             */
            ReferencePrice.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ReferencePrice prevSeq.
             * @member {number} prevSeq
             * @memberof patx.v1.ReferencePrice
             * @instance
             */
            ReferencePrice.prototype.prevSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new ReferencePrice instance using the specified properties.
             * @function create
             * @memberof patx.v1.ReferencePrice
             * @static
             * @param {patx.v1.ReferencePrice.$Properties=} [properties] Properties to set
             * @returns {patx.v1.ReferencePrice} ReferencePrice instance
             * @type {{
             *   (properties: patx.v1.ReferencePrice.$Shape): patx.v1.ReferencePrice & patx.v1.ReferencePrice.$Shape;
             *   (properties?: patx.v1.ReferencePrice.$Properties): patx.v1.ReferencePrice;
             * }}
             */
            ReferencePrice.create = function(properties) {
                return new ReferencePrice(properties);
            };

            /**
             * Encodes the specified ReferencePrice message. Does not implicitly {@link patx.v1.ReferencePrice.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.ReferencePrice
             * @static
             * @param {patx.v1.ReferencePrice.$Properties} message ReferencePrice message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReferencePrice.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
                if (message.priceMicros != null && $Object.hasOwnProperty.call(message, "priceMicros") && (typeof message.priceMicros === "object" ? message.priceMicros.low || message.priceMicros.high : message.priceMicros !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.priceMicros);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.timeMs);
                if (message.prevSeq != null && $Object.hasOwnProperty.call(message, "prevSeq") && (typeof message.prevSeq === "object" ? message.prevSeq.low || message.prevSeq.high : message.prevSeq !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.prevSeq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ReferencePrice message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.ReferencePrice
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.ReferencePrice & patx.v1.ReferencePrice.$Shape} ReferencePrice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReferencePrice.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.ReferencePrice();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.priceMicros = value;
                            else
                                delete message.priceMicros;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.prevSeq = value;
                            else
                                delete message.prevSeq;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ReferencePrice;
        })();

        v1.SeriesStatusUpdate = (function() {

            /**
             * Properties of a SeriesStatusUpdate.
             * @typedef {Object} patx.v1.SeriesStatusUpdate.$Properties
             * @property {number|null} [seriesId] SeriesStatusUpdate seriesId
             * @property {number|null} [seq] SeriesStatusUpdate seq
             * @property {patx.v1.SeriesStatus|null} [status] SeriesStatusUpdate status
             * @property {number|null} [timeMs] SeriesStatusUpdate timeMs
             * @property {number|null} [prevSeq] SeriesStatusUpdate prevSeq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SeriesStatusUpdate.
             * @memberof patx.v1
             * @interface ISeriesStatusUpdate
             * @augments patx.v1.SeriesStatusUpdate.$Properties
             * @deprecated Use patx.v1.SeriesStatusUpdate.$Properties instead.
             */

            /**
             * Shape of a SeriesStatusUpdate.
             * @typedef {patx.v1.SeriesStatusUpdate.$Properties} patx.v1.SeriesStatusUpdate.$Shape
             */

            /**
             * Constructs a new SeriesStatusUpdate.
             * @memberof patx.v1
             * @classdesc Represents a SeriesStatusUpdate.
             * @constructor
             * @param {patx.v1.SeriesStatusUpdate.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SeriesStatusUpdate = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SeriesStatusUpdate seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.SeriesStatusUpdate
             * @instance
             */
            SeriesStatusUpdate.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SeriesStatusUpdate seq.
             * @member {number} seq
             * @memberof patx.v1.SeriesStatusUpdate
             * @instance
             */
            SeriesStatusUpdate.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SeriesStatusUpdate status.
             * @member {patx.v1.SeriesStatus} status
             * @memberof patx.v1.SeriesStatusUpdate
             * @instance
             */
            SeriesStatusUpdate.prototype.status = 0;

            /**
             * SeriesStatusUpdate timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.SeriesStatusUpdate
             * @instance
             */
            SeriesStatusUpdate.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SeriesStatusUpdate prevSeq.
             * @member {number} prevSeq
             * @memberof patx.v1.SeriesStatusUpdate
             * @instance
             */
            SeriesStatusUpdate.prototype.prevSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new SeriesStatusUpdate instance using the specified properties.
             * @function create
             * @memberof patx.v1.SeriesStatusUpdate
             * @static
             * @param {patx.v1.SeriesStatusUpdate.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SeriesStatusUpdate} SeriesStatusUpdate instance
             * @type {{
             *   (properties: patx.v1.SeriesStatusUpdate.$Shape): patx.v1.SeriesStatusUpdate & patx.v1.SeriesStatusUpdate.$Shape;
             *   (properties?: patx.v1.SeriesStatusUpdate.$Properties): patx.v1.SeriesStatusUpdate;
             * }}
             */
            SeriesStatusUpdate.create = function(properties) {
                return new SeriesStatusUpdate(properties);
            };

            /**
             * Encodes the specified SeriesStatusUpdate message. Does not implicitly {@link patx.v1.SeriesStatusUpdate.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SeriesStatusUpdate
             * @static
             * @param {patx.v1.SeriesStatusUpdate.$Properties} message SeriesStatusUpdate message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SeriesStatusUpdate.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
                if (message.status != null && $Object.hasOwnProperty.call(message, "status") && message.status !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).int32(message.status);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.timeMs);
                if (message.prevSeq != null && $Object.hasOwnProperty.call(message, "prevSeq") && (typeof message.prevSeq === "object" ? message.prevSeq.low || message.prevSeq.high : message.prevSeq !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.prevSeq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SeriesStatusUpdate message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SeriesStatusUpdate
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SeriesStatusUpdate & patx.v1.SeriesStatusUpdate.$Shape} SeriesStatusUpdate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SeriesStatusUpdate.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SeriesStatusUpdate();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.status = value;
                            else
                                delete message.status;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.prevSeq = value;
                            else
                                delete message.prevSeq;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SeriesStatusUpdate;
        })();

        v1.ForwardCurve = (function() {

            /**
             * Properties of a ForwardCurve.
             * @typedef {Object} patx.v1.ForwardCurve.$Properties
             * @property {string|null} [contract] ForwardCurve contract
             * @property {number|null} [seq] ForwardCurve seq
             * @property {Array.<patx.v1.CurvePoint.$Properties>|null} [points] ForwardCurve points
             * @property {number|null} [timeMs] ForwardCurve timeMs
             * @property {number|null} [prevSeq] ForwardCurve prevSeq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ForwardCurve.
             * @memberof patx.v1
             * @interface IForwardCurve
             * @augments patx.v1.ForwardCurve.$Properties
             * @deprecated Use patx.v1.ForwardCurve.$Properties instead.
             */

            /**
             * Shape of a ForwardCurve.
             * @typedef {patx.v1.ForwardCurve.$Properties} patx.v1.ForwardCurve.$Shape
             */

            /**
             * Constructs a new ForwardCurve.
             * @memberof patx.v1
             * @classdesc Represents a ForwardCurve.
             * @constructor
             * @param {patx.v1.ForwardCurve.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ForwardCurve = function (properties) {
                this.points = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ForwardCurve contract.
             * @member {string} contract
             * @memberof patx.v1.ForwardCurve
             * @instance
             */
            ForwardCurve.prototype.contract = "";

            /**
             * ForwardCurve seq.
             * @member {number} seq
             * @memberof patx.v1.ForwardCurve
             * @instance
             */
            ForwardCurve.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ForwardCurve points.
             * @member {Array.<patx.v1.CurvePoint.$Properties>} points
             * @memberof patx.v1.ForwardCurve
             * @instance
             */
            ForwardCurve.prototype.points = $util.emptyArray;

            /**
             * ForwardCurve timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.ForwardCurve
             * @instance
             */
            ForwardCurve.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ForwardCurve prevSeq.
             * @member {number} prevSeq
             * @memberof patx.v1.ForwardCurve
             * @instance
             */
            ForwardCurve.prototype.prevSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new ForwardCurve instance using the specified properties.
             * @function create
             * @memberof patx.v1.ForwardCurve
             * @static
             * @param {patx.v1.ForwardCurve.$Properties=} [properties] Properties to set
             * @returns {patx.v1.ForwardCurve} ForwardCurve instance
             * @type {{
             *   (properties: patx.v1.ForwardCurve.$Shape): patx.v1.ForwardCurve & patx.v1.ForwardCurve.$Shape;
             *   (properties?: patx.v1.ForwardCurve.$Properties): patx.v1.ForwardCurve;
             * }}
             */
            ForwardCurve.create = function(properties) {
                return new ForwardCurve(properties);
            };

            /**
             * Encodes the specified ForwardCurve message. Does not implicitly {@link patx.v1.ForwardCurve.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.ForwardCurve
             * @static
             * @param {patx.v1.ForwardCurve.$Properties} message ForwardCurve message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ForwardCurve.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.contract != null && $Object.hasOwnProperty.call(message, "contract") && message.contract !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.contract);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
                if (message.points != null && message.points.length)
                    for (let i = 0; i < message.points.length; ++i)
                        $root.patx.v1.CurvePoint.encode(message.points[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.timeMs);
                if (message.prevSeq != null && $Object.hasOwnProperty.call(message, "prevSeq") && (typeof message.prevSeq === "object" ? message.prevSeq.low || message.prevSeq.high : message.prevSeq !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.prevSeq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ForwardCurve message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.ForwardCurve
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.ForwardCurve & patx.v1.ForwardCurve.$Shape} ForwardCurve
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ForwardCurve.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.ForwardCurve();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.contract = value;
                            else
                                delete message.contract;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.points && message.points.length))
                                message.points = [];
                            message.points.push($root.patx.v1.CurvePoint.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.prevSeq = value;
                            else
                                delete message.prevSeq;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ForwardCurve;
        })();

        v1.CurvePoint = (function() {

            /**
             * Properties of a CurvePoint.
             * @typedef {Object} patx.v1.CurvePoint.$Properties
             * @property {number|null} [seriesId] CurvePoint seriesId
             * @property {patx.v1.SeriesKind|null} [kind] CurvePoint kind
             * @property {number|null} [openAtMs] CurvePoint openAtMs
             * @property {number|null} [closeAtMs] CurvePoint closeAtMs
             * @property {number|null} [bidMicros] CurvePoint bidMicros
             * @property {number|null} [askMicros] CurvePoint askMicros
             * @property {number|null} [midMicros] CurvePoint midMicros
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CurvePoint.
             * @memberof patx.v1
             * @interface ICurvePoint
             * @augments patx.v1.CurvePoint.$Properties
             * @deprecated Use patx.v1.CurvePoint.$Properties instead.
             */

            /**
             * Shape of a CurvePoint.
             * @typedef {patx.v1.CurvePoint.$Properties} patx.v1.CurvePoint.$Shape
             */

            /**
             * Constructs a new CurvePoint.
             * @memberof patx.v1
             * @classdesc Represents a CurvePoint.
             * @constructor
             * @param {patx.v1.CurvePoint.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CurvePoint = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CurvePoint seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.CurvePoint
             * @instance
             */
            CurvePoint.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * CurvePoint kind.
             * @member {patx.v1.SeriesKind} kind
             * @memberof patx.v1.CurvePoint
             * @instance
             */
            CurvePoint.prototype.kind = 0;

            /**
             * CurvePoint openAtMs.
             * @member {number} openAtMs
             * @memberof patx.v1.CurvePoint
             * @instance
             */
            CurvePoint.prototype.openAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * CurvePoint closeAtMs.
             * @member {number} closeAtMs
             * @memberof patx.v1.CurvePoint
             * @instance
             */
            CurvePoint.prototype.closeAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * CurvePoint bidMicros.
             * @member {number} bidMicros
             * @memberof patx.v1.CurvePoint
             * @instance
             */
            CurvePoint.prototype.bidMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * CurvePoint askMicros.
             * @member {number} askMicros
             * @memberof patx.v1.CurvePoint
             * @instance
             */
            CurvePoint.prototype.askMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * CurvePoint midMicros.
             * @member {number} midMicros
             * @memberof patx.v1.CurvePoint
             * @instance
             */
            CurvePoint.prototype.midMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new CurvePoint instance using the specified properties.
             * @function create
             * @memberof patx.v1.CurvePoint
             * @static
             * @param {patx.v1.CurvePoint.$Properties=} [properties] Properties to set
             * @returns {patx.v1.CurvePoint} CurvePoint instance
             * @type {{
             *   (properties: patx.v1.CurvePoint.$Shape): patx.v1.CurvePoint & patx.v1.CurvePoint.$Shape;
             *   (properties?: patx.v1.CurvePoint.$Properties): patx.v1.CurvePoint;
             * }}
             */
            CurvePoint.create = function(properties) {
                return new CurvePoint(properties);
            };

            /**
             * Encodes the specified CurvePoint message. Does not implicitly {@link patx.v1.CurvePoint.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.CurvePoint
             * @static
             * @param {patx.v1.CurvePoint.$Properties} message CurvePoint message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CurvePoint.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.kind != null && $Object.hasOwnProperty.call(message, "kind") && message.kind !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.kind);
                if (message.openAtMs != null && $Object.hasOwnProperty.call(message, "openAtMs") && (typeof message.openAtMs === "object" ? message.openAtMs.low || message.openAtMs.high : message.openAtMs !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.openAtMs);
                if (message.closeAtMs != null && $Object.hasOwnProperty.call(message, "closeAtMs") && (typeof message.closeAtMs === "object" ? message.closeAtMs.low || message.closeAtMs.high : message.closeAtMs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.closeAtMs);
                if (message.bidMicros != null && $Object.hasOwnProperty.call(message, "bidMicros") && (typeof message.bidMicros === "object" ? message.bidMicros.low || message.bidMicros.high : message.bidMicros !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.bidMicros);
                if (message.askMicros != null && $Object.hasOwnProperty.call(message, "askMicros") && (typeof message.askMicros === "object" ? message.askMicros.low || message.askMicros.high : message.askMicros !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.askMicros);
                if (message.midMicros != null && $Object.hasOwnProperty.call(message, "midMicros") && (typeof message.midMicros === "object" ? message.midMicros.low || message.midMicros.high : message.midMicros !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.midMicros);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CurvePoint message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.CurvePoint
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.CurvePoint & patx.v1.CurvePoint.$Shape} CurvePoint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CurvePoint.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.CurvePoint();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.kind = value;
                            else
                                delete message.kind;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.openAtMs = value;
                            else
                                delete message.openAtMs;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.closeAtMs = value;
                            else
                                delete message.closeAtMs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.bidMicros = value;
                            else
                                delete message.bidMicros;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.askMicros = value;
                            else
                                delete message.askMicros;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.midMicros = value;
                            else
                                delete message.midMicros;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return CurvePoint;
        })();

        v1.ForwardDelivery = (function() {

            /**
             * Properties of a ForwardDelivery.
             * @typedef {Object} patx.v1.ForwardDelivery.$Properties
             * @property {number|null} [seq] ForwardDelivery seq
             * @property {number|null} [timeMs] ForwardDelivery timeMs
             * @property {number|null} [seriesId] ForwardDelivery seriesId
             * @property {number|null} [spotSeriesId] ForwardDelivery spotSeriesId
             * @property {number|null} [accountId] ForwardDelivery accountId
             * @property {number|null} [counterpartyId] ForwardDelivery counterpartyId
             * @property {number|null} [positionQty] ForwardDelivery positionQty
             * @property {number|null} [deliveredQty] ForwardDelivery deliveredQty
             * @property {number|null} [shortfallQty] ForwardDelivery shortfallQty
             * @property {number|null} [proceedsMicros] ForwardDelivery proceedsMicros
             * @property {number|null} [collateralReturnedMicros] ForwardDelivery collateralReturnedMicros
             * @property {number|null} [refundMicros] ForwardDelivery refundMicros
             * @property {number|null} [compensationMicros] ForwardDelivery compensationMicros
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ForwardDelivery.
             * @memberof patx.v1
             * @interface IForwardDelivery
             * @augments patx.v1.ForwardDelivery.$Properties
             * @deprecated Use patx.v1.ForwardDelivery.$Properties instead.
             */

            /**
             * Shape of a ForwardDelivery.
             * @typedef {patx.v1.ForwardDelivery.$Properties} patx.v1.ForwardDelivery.$Shape
             */

            /**
             * Constructs a new ForwardDelivery.
             * @memberof patx.v1
             * @classdesc Represents a ForwardDelivery.
             * @constructor
             * @param {patx.v1.ForwardDelivery.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ForwardDelivery = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ForwardDelivery seq.
             * @member {number} seq
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ForwardDelivery timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ForwardDelivery seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ForwardDelivery spotSeriesId.
             * @member {number} spotSeriesId
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.spotSeriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ForwardDelivery accountId.
             * @member {number} accountId
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.accountId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ForwardDelivery counterpartyId.
             * @member {number} counterpartyId
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.counterpartyId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ForwardDelivery positionQty.
             * @member {number} positionQty
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.positionQty = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ForwardDelivery deliveredQty.
             * @member {number} deliveredQty
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.deliveredQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ForwardDelivery shortfallQty.
             * @member {number} shortfallQty
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.shortfallQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ForwardDelivery proceedsMicros.
             * @member {number} proceedsMicros
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.proceedsMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ForwardDelivery collateralReturnedMicros.
             * @member {number} collateralReturnedMicros
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.collateralReturnedMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ForwardDelivery refundMicros.
             * @member {number} refundMicros
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.refundMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * ForwardDelivery compensationMicros.
             * @member {number} compensationMicros
             * @memberof patx.v1.ForwardDelivery
             * @instance
             */
            ForwardDelivery.prototype.compensationMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new ForwardDelivery instance using the specified properties.
             * @function create
             * @memberof patx.v1.ForwardDelivery
             * @static
             * @param {patx.v1.ForwardDelivery.$Properties=} [properties] Properties to set
             * @returns {patx.v1.ForwardDelivery} ForwardDelivery instance
             * @type {{
             *   (properties: patx.v1.ForwardDelivery.$Shape): patx.v1.ForwardDelivery & patx.v1.ForwardDelivery.$Shape;
             *   (properties?: patx.v1.ForwardDelivery.$Properties): patx.v1.ForwardDelivery;
             * }}
             */
            ForwardDelivery.create = function(properties) {
                return new ForwardDelivery(properties);
            };

            /**
             * Encodes the specified ForwardDelivery message. Does not implicitly {@link patx.v1.ForwardDelivery.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.ForwardDelivery
             * @static
             * @param {patx.v1.ForwardDelivery.$Properties} message ForwardDelivery message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ForwardDelivery.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.timeMs);
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.seriesId);
                if (message.spotSeriesId != null && $Object.hasOwnProperty.call(message, "spotSeriesId") && (typeof message.spotSeriesId === "object" ? message.spotSeriesId.low || message.spotSeriesId.high : message.spotSeriesId !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.spotSeriesId);
                if (message.accountId != null && $Object.hasOwnProperty.call(message, "accountId") && (typeof message.accountId === "object" ? message.accountId.low || message.accountId.high : message.accountId !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.accountId);
                if (message.counterpartyId != null && $Object.hasOwnProperty.call(message, "counterpartyId") && (typeof message.counterpartyId === "object" ? message.counterpartyId.low || message.counterpartyId.high : message.counterpartyId !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.counterpartyId);
                if (message.positionQty != null && $Object.hasOwnProperty.call(message, "positionQty") && (typeof message.positionQty === "object" ? message.positionQty.low || message.positionQty.high : message.positionQty !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.positionQty);
                if (message.deliveredQty != null && $Object.hasOwnProperty.call(message, "deliveredQty") && (typeof message.deliveredQty === "object" ? message.deliveredQty.low || message.deliveredQty.high : message.deliveredQty !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.deliveredQty);
                if (message.shortfallQty != null && $Object.hasOwnProperty.call(message, "shortfallQty") && (typeof message.shortfallQty === "object" ? message.shortfallQty.low || message.shortfallQty.high : message.shortfallQty !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.shortfallQty);
                if (message.proceedsMicros != null && $Object.hasOwnProperty.call(message, "proceedsMicros") && (typeof message.proceedsMicros === "object" ? message.proceedsMicros.low || message.proceedsMicros.high : message.proceedsMicros !== 0))
                    writer.uint32(/* id 10, wireType 0 =*/80).int64(message.proceedsMicros);
                if (message.collateralReturnedMicros != null && $Object.hasOwnProperty.call(message, "collateralReturnedMicros") && (typeof message.collateralReturnedMicros === "object" ? message.collateralReturnedMicros.low || message.collateralReturnedMicros.high : message.collateralReturnedMicros !== 0))
                    writer.uint32(/* id 11, wireType 0 =*/88).int64(message.collateralReturnedMicros);
                if (message.refundMicros != null && $Object.hasOwnProperty.call(message, "refundMicros") && (typeof message.refundMicros === "object" ? message.refundMicros.low || message.refundMicros.high : message.refundMicros !== 0))
                    writer.uint32(/* id 12, wireType 0 =*/96).int64(message.refundMicros);
                if (message.compensationMicros != null && $Object.hasOwnProperty.call(message, "compensationMicros") && (typeof message.compensationMicros === "object" ? message.compensationMicros.low || message.compensationMicros.high : message.compensationMicros !== 0))
                    writer.uint32(/* id 13, wireType 0 =*/104).int64(message.compensationMicros);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ForwardDelivery message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.ForwardDelivery
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.ForwardDelivery & patx.v1.ForwardDelivery.$Shape} ForwardDelivery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ForwardDelivery.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.ForwardDelivery();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.spotSeriesId = value;
                            else
                                delete message.spotSeriesId;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.accountId = value;
                            else
                                delete message.accountId;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.counterpartyId = value;
                            else
                                delete message.counterpartyId;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.positionQty = value;
                            else
                                delete message.positionQty;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.deliveredQty = value;
                            else
                                delete message.deliveredQty;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.shortfallQty = value;
                            else
                                delete message.shortfallQty;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.proceedsMicros = value;
                            else
                                delete message.proceedsMicros;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.collateralReturnedMicros = value;
                            else
                                delete message.collateralReturnedMicros;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.refundMicros = value;
                            else
                                delete message.refundMicros;
                            continue;
                        }
                    case 13: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.compensationMicros = value;
                            else
                                delete message.compensationMicros;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ForwardDelivery;
        })();

        /**
         * SettlementIndexMethod enum.
         * @name patx.v1.SettlementIndexMethod
         * @enum {number}
         * @property {number} SETTLEMENT_INDEX_METHOD_UNSPECIFIED=0 SETTLEMENT_INDEX_METHOD_UNSPECIFIED value
         * @property {number} MID_TRADE_BLEND=1 MID_TRADE_BLEND value
         * @property {number} TRADE_VWAP=2 TRADE_VWAP value
         * @property {number} LAST_TRADE=3 LAST_TRADE value
         * @property {number} REFERENCE_PRICE=4 REFERENCE_PRICE value
         */
        v1.SettlementIndexMethod = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SETTLEMENT_INDEX_METHOD_UNSPECIFIED"] = 0;
            values[valuesById[1] = "MID_TRADE_BLEND"] = 1;
            values[valuesById[2] = "TRADE_VWAP"] = 2;
            values[valuesById[3] = "LAST_TRADE"] = 3;
            values[valuesById[4] = "REFERENCE_PRICE"] = 4;
            return values;
        })();

        v1.SyntheticMark = (function() {

            /**
             * Properties of a SyntheticMark.
             * @typedef {Object} patx.v1.SyntheticMark.$Properties
             * @property {number|null} [seriesId] SyntheticMark seriesId
             * @property {number|null} [seq] SyntheticMark seq
             * @property {number|null} [markAtMs] SyntheticMark markAtMs
             * @property {number|null} [markMicros] SyntheticMark markMicros
             * @property {patx.v1.SettlementIndexMethod|null} [method] SyntheticMark method
             * @property {number|null} [holders] SyntheticMark holders
             * @property {number|null} [liquidations] SyntheticMark liquidations
             * @property {number|null} [timeMs] SyntheticMark timeMs
             * @property {number|null} [prevSeq] SyntheticMark prevSeq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SyntheticMark.
             * @memberof patx.v1
             * @interface ISyntheticMark
             * @augments patx.v1.SyntheticMark.$Properties
             * @deprecated Use patx.v1.SyntheticMark.$Properties instead.
             */

            /**
             * Shape of a SyntheticMark.
             * @typedef {patx.v1.SyntheticMark.$Properties} patx.v1.SyntheticMark.$Shape
             */

            /**
             * Constructs a new SyntheticMark.
             * @memberof patx.v1
             * @classdesc Represents a SyntheticMark.
             * @constructor
             * @param {patx.v1.SyntheticMark.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SyntheticMark = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SyntheticMark seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.SyntheticMark
             * @instance
             */
            SyntheticMark.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SyntheticMark seq.
             * @member {number} seq
             * @memberof patx.v1.SyntheticMark
             * @instance
             */
            SyntheticMark.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SyntheticMark markAtMs.
             * @member {number} markAtMs
             * @memberof patx.v1.SyntheticMark
             * @instance
             */
            SyntheticMark.prototype.markAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticMark markMicros.
             * @member {number} markMicros
             * @memberof patx.v1.SyntheticMark
             * @instance
             */
            SyntheticMark.prototype.markMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticMark method.
             * @member {patx.v1.SettlementIndexMethod} method
             * @memberof patx.v1.SyntheticMark
             * @instance
             */
            SyntheticMark.prototype.method = 0;

            /**
             * SyntheticMark holders.
             * @member {number} holders
             * @memberof patx.v1.SyntheticMark
             * @instance
             */
            SyntheticMark.prototype.holders = 0;

            /**
             * SyntheticMark liquidations.
             * @member {number} liquidations
             * @memberof patx.v1.SyntheticMark
             * @instance
             */
            SyntheticMark.prototype.liquidations = 0;

            /**
             * SyntheticMark timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.SyntheticMark
             * @instance
             */
            SyntheticMark.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticMark prevSeq.
             * @member {number} prevSeq
             * @memberof patx.v1.SyntheticMark
             * @instance
             */
            SyntheticMark.prototype.prevSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new SyntheticMark instance using the specified properties.
             * @function create
             * @memberof patx.v1.SyntheticMark
             * @static
             * @param {patx.v1.SyntheticMark.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SyntheticMark} SyntheticMark instance
             * @type {{
             *   (properties: patx.v1.SyntheticMark.$Shape): patx.v1.SyntheticMark & patx.v1.SyntheticMark.$Shape;
             *   (properties?: patx.v1.SyntheticMark.$Properties): patx.v1.SyntheticMark;
             * }}
             */
            SyntheticMark.create = function(properties) {
                return new SyntheticMark(properties);
            };

            /**
             * Encodes the specified SyntheticMark message. Does not implicitly {@link patx.v1.SyntheticMark.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SyntheticMark
             * @static
             * @param {patx.v1.SyntheticMark.$Properties} message SyntheticMark message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SyntheticMark.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
                if (message.markAtMs != null && $Object.hasOwnProperty.call(message, "markAtMs") && (typeof message.markAtMs === "object" ? message.markAtMs.low || message.markAtMs.high : message.markAtMs !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.markAtMs);
                if (message.markMicros != null && $Object.hasOwnProperty.call(message, "markMicros") && (typeof message.markMicros === "object" ? message.markMicros.low || message.markMicros.high : message.markMicros !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.markMicros);
                if (message.method != null && $Object.hasOwnProperty.call(message, "method") && message.method !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).int32(message.method);
                if (message.holders != null && $Object.hasOwnProperty.call(message, "holders") && message.holders !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.holders);
                if (message.liquidations != null && $Object.hasOwnProperty.call(message, "liquidations") && message.liquidations !== 0)
                    writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.liquidations);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.timeMs);
                if (message.prevSeq != null && $Object.hasOwnProperty.call(message, "prevSeq") && (typeof message.prevSeq === "object" ? message.prevSeq.low || message.prevSeq.high : message.prevSeq !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.prevSeq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SyntheticMark message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SyntheticMark
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SyntheticMark & patx.v1.SyntheticMark.$Shape} SyntheticMark
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SyntheticMark.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SyntheticMark();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.markAtMs = value;
                            else
                                delete message.markAtMs;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.markMicros = value;
                            else
                                delete message.markMicros;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.method = value;
                            else
                                delete message.method;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.holders = value;
                            else
                                delete message.holders;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.liquidations = value;
                            else
                                delete message.liquidations;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.prevSeq = value;
                            else
                                delete message.prevSeq;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SyntheticMark;
        })();

        v1.SettlementIndex = (function() {

            /**
             * Properties of a SettlementIndex.
             * @typedef {Object} patx.v1.SettlementIndex.$Properties
             * @property {number|null} [seriesId] SettlementIndex seriesId
             * @property {number|null} [seq] SettlementIndex seq
             * @property {number|null} [spotSeriesId] SettlementIndex spotSeriesId
             * @property {number|null} [cutoffAtMs] SettlementIndex cutoffAtMs
             * @property {number|null} [indexMicros] SettlementIndex indexMicros
             * @property {patx.v1.SettlementIndexMethod|null} [method] SettlementIndex method
             * @property {number|null} [twapMidMicros] SettlementIndex twapMidMicros
             * @property {number|null} [tradeVwapMicros] SettlementIndex tradeVwapMicros
             * @property {number|null} [tradeQty] SettlementIndex tradeQty
             * @property {number|null} [timeMs] SettlementIndex timeMs
             * @property {number|null} [prevSeq] SettlementIndex prevSeq
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SettlementIndex.
             * @memberof patx.v1
             * @interface ISettlementIndex
             * @augments patx.v1.SettlementIndex.$Properties
             * @deprecated Use patx.v1.SettlementIndex.$Properties instead.
             */

            /**
             * Shape of a SettlementIndex.
             * @typedef {patx.v1.SettlementIndex.$Properties} patx.v1.SettlementIndex.$Shape
             */

            /**
             * Constructs a new SettlementIndex.
             * @memberof patx.v1
             * @classdesc Represents a SettlementIndex.
             * @constructor
             * @param {patx.v1.SettlementIndex.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SettlementIndex = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SettlementIndex seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.SettlementIndex
             * @instance
             */
            SettlementIndex.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SettlementIndex seq.
             * @member {number} seq
             * @memberof patx.v1.SettlementIndex
             * @instance
             */
            SettlementIndex.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SettlementIndex spotSeriesId.
             * @member {number} spotSeriesId
             * @memberof patx.v1.SettlementIndex
             * @instance
             */
            SettlementIndex.prototype.spotSeriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SettlementIndex cutoffAtMs.
             * @member {number} cutoffAtMs
             * @memberof patx.v1.SettlementIndex
             * @instance
             */
            SettlementIndex.prototype.cutoffAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SettlementIndex indexMicros.
             * @member {number} indexMicros
             * @memberof patx.v1.SettlementIndex
             * @instance
             */
            SettlementIndex.prototype.indexMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SettlementIndex method.
             * @member {patx.v1.SettlementIndexMethod} method
             * @memberof patx.v1.SettlementIndex
             * @instance
             */
            SettlementIndex.prototype.method = 0;

            /**
             * SettlementIndex twapMidMicros.
             * @member {number} twapMidMicros
             * @memberof patx.v1.SettlementIndex
             * @instance
             */
            SettlementIndex.prototype.twapMidMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SettlementIndex tradeVwapMicros.
             * @member {number} tradeVwapMicros
             * @memberof patx.v1.SettlementIndex
             * @instance
             */
            SettlementIndex.prototype.tradeVwapMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SettlementIndex tradeQty.
             * @member {number} tradeQty
             * @memberof patx.v1.SettlementIndex
             * @instance
             */
            SettlementIndex.prototype.tradeQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SettlementIndex timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.SettlementIndex
             * @instance
             */
            SettlementIndex.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SettlementIndex prevSeq.
             * @member {number} prevSeq
             * @memberof patx.v1.SettlementIndex
             * @instance
             */
            SettlementIndex.prototype.prevSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new SettlementIndex instance using the specified properties.
             * @function create
             * @memberof patx.v1.SettlementIndex
             * @static
             * @param {patx.v1.SettlementIndex.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SettlementIndex} SettlementIndex instance
             * @type {{
             *   (properties: patx.v1.SettlementIndex.$Shape): patx.v1.SettlementIndex & patx.v1.SettlementIndex.$Shape;
             *   (properties?: patx.v1.SettlementIndex.$Properties): patx.v1.SettlementIndex;
             * }}
             */
            SettlementIndex.create = function(properties) {
                return new SettlementIndex(properties);
            };

            /**
             * Encodes the specified SettlementIndex message. Does not implicitly {@link patx.v1.SettlementIndex.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SettlementIndex
             * @static
             * @param {patx.v1.SettlementIndex.$Properties} message SettlementIndex message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SettlementIndex.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
                if (message.spotSeriesId != null && $Object.hasOwnProperty.call(message, "spotSeriesId") && (typeof message.spotSeriesId === "object" ? message.spotSeriesId.low || message.spotSeriesId.high : message.spotSeriesId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.spotSeriesId);
                if (message.cutoffAtMs != null && $Object.hasOwnProperty.call(message, "cutoffAtMs") && (typeof message.cutoffAtMs === "object" ? message.cutoffAtMs.low || message.cutoffAtMs.high : message.cutoffAtMs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.cutoffAtMs);
                if (message.indexMicros != null && $Object.hasOwnProperty.call(message, "indexMicros") && (typeof message.indexMicros === "object" ? message.indexMicros.low || message.indexMicros.high : message.indexMicros !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.indexMicros);
                if (message.method != null && $Object.hasOwnProperty.call(message, "method") && message.method !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).int32(message.method);
                if (message.twapMidMicros != null && $Object.hasOwnProperty.call(message, "twapMidMicros") && (typeof message.twapMidMicros === "object" ? message.twapMidMicros.low || message.twapMidMicros.high : message.twapMidMicros !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.twapMidMicros);
                if (message.tradeVwapMicros != null && $Object.hasOwnProperty.call(message, "tradeVwapMicros") && (typeof message.tradeVwapMicros === "object" ? message.tradeVwapMicros.low || message.tradeVwapMicros.high : message.tradeVwapMicros !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.tradeVwapMicros);
                if (message.tradeQty != null && $Object.hasOwnProperty.call(message, "tradeQty") && (typeof message.tradeQty === "object" ? message.tradeQty.low || message.tradeQty.high : message.tradeQty !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).uint64(message.tradeQty);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 10, wireType 0 =*/80).int64(message.timeMs);
                if (message.prevSeq != null && $Object.hasOwnProperty.call(message, "prevSeq") && (typeof message.prevSeq === "object" ? message.prevSeq.low || message.prevSeq.high : message.prevSeq !== 0))
                    writer.uint32(/* id 11, wireType 0 =*/88).uint64(message.prevSeq);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SettlementIndex message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SettlementIndex
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SettlementIndex & patx.v1.SettlementIndex.$Shape} SettlementIndex
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SettlementIndex.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SettlementIndex();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.spotSeriesId = value;
                            else
                                delete message.spotSeriesId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.cutoffAtMs = value;
                            else
                                delete message.cutoffAtMs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.indexMicros = value;
                            else
                                delete message.indexMicros;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.method = value;
                            else
                                delete message.method;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.twapMidMicros = value;
                            else
                                delete message.twapMidMicros;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.tradeVwapMicros = value;
                            else
                                delete message.tradeVwapMicros;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.tradeQty = value;
                            else
                                delete message.tradeQty;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.prevSeq = value;
                            else
                                delete message.prevSeq;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SettlementIndex;
        })();

        v1.OptionModel = (function() {

            /**
             * Properties of an OptionModel.
             * @typedef {Object} patx.v1.OptionModel.$Properties
             * @property {number|null} [seriesId] OptionModel seriesId
             * @property {number|null} [seq] OptionModel seq
             * @property {number|null} [pricedAtMs] OptionModel pricedAtMs
             * @property {number|null} [forwardMicros] OptionModel forwardMicros
             * @property {number|null} [markMicros] OptionModel markMicros
             * @property {number|null} [sigmaAnnual] OptionModel sigmaAnnual
             * @property {number|null} [timeYears] OptionModel timeYears
             * @property {number|null} [valueMicros] OptionModel valueMicros
             * @property {number|null} [delta] OptionModel delta
             * @property {number|null} [gamma] OptionModel gamma
             * @property {number|null} [vega] OptionModel vega
             * @property {number|null} [theta] OptionModel theta
             * @property {number|null} [bidMicros] OptionModel bidMicros
             * @property {number|null} [askMicros] OptionModel askMicros
             * @property {number|null} [prevSeq] OptionModel prevSeq
             * @property {number|null} [forwardExactMicros] OptionModel forwardExactMicros
             * @property {number|null} [sigmaMarketAnnual] OptionModel sigmaMarketAnnual
             * @property {number|null} [strikeMicros] OptionModel strikeMicros
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an OptionModel.
             * @memberof patx.v1
             * @interface IOptionModel
             * @augments patx.v1.OptionModel.$Properties
             * @deprecated Use patx.v1.OptionModel.$Properties instead.
             */

            /**
             * Shape of an OptionModel.
             * @typedef {patx.v1.OptionModel.$Properties} patx.v1.OptionModel.$Shape
             */

            /**
             * Constructs a new OptionModel.
             * @memberof patx.v1
             * @classdesc Represents an OptionModel.
             * @constructor
             * @param {patx.v1.OptionModel.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const OptionModel = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * OptionModel seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OptionModel seq.
             * @member {number} seq
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OptionModel pricedAtMs.
             * @member {number} pricedAtMs
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.pricedAtMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * OptionModel forwardMicros.
             * @member {number} forwardMicros
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.forwardMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * OptionModel markMicros.
             * @member {number} markMicros
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.markMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * OptionModel sigmaAnnual.
             * @member {number} sigmaAnnual
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.sigmaAnnual = 0;

            /**
             * OptionModel timeYears.
             * @member {number} timeYears
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.timeYears = 0;

            /**
             * OptionModel valueMicros.
             * @member {number} valueMicros
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.valueMicros = 0;

            /**
             * OptionModel delta.
             * @member {number} delta
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.delta = 0;

            /**
             * OptionModel gamma.
             * @member {number} gamma
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.gamma = 0;

            /**
             * OptionModel vega.
             * @member {number} vega
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.vega = 0;

            /**
             * OptionModel theta.
             * @member {number} theta
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.theta = 0;

            /**
             * OptionModel bidMicros.
             * @member {number} bidMicros
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.bidMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * OptionModel askMicros.
             * @member {number} askMicros
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.askMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * OptionModel prevSeq.
             * @member {number} prevSeq
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.prevSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * OptionModel forwardExactMicros.
             * @member {number} forwardExactMicros
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.forwardExactMicros = 0;

            /**
             * OptionModel sigmaMarketAnnual.
             * @member {number} sigmaMarketAnnual
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.sigmaMarketAnnual = 0;

            /**
             * OptionModel strikeMicros.
             * @member {number} strikeMicros
             * @memberof patx.v1.OptionModel
             * @instance
             */
            OptionModel.prototype.strikeMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new OptionModel instance using the specified properties.
             * @function create
             * @memberof patx.v1.OptionModel
             * @static
             * @param {patx.v1.OptionModel.$Properties=} [properties] Properties to set
             * @returns {patx.v1.OptionModel} OptionModel instance
             * @type {{
             *   (properties: patx.v1.OptionModel.$Shape): patx.v1.OptionModel & patx.v1.OptionModel.$Shape;
             *   (properties?: patx.v1.OptionModel.$Properties): patx.v1.OptionModel;
             * }}
             */
            OptionModel.create = function(properties) {
                return new OptionModel(properties);
            };

            /**
             * Encodes the specified OptionModel message. Does not implicitly {@link patx.v1.OptionModel.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.OptionModel
             * @static
             * @param {patx.v1.OptionModel.$Properties} message OptionModel message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            OptionModel.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.seq);
                if (message.pricedAtMs != null && $Object.hasOwnProperty.call(message, "pricedAtMs") && (typeof message.pricedAtMs === "object" ? message.pricedAtMs.low || message.pricedAtMs.high : message.pricedAtMs !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.pricedAtMs);
                if (message.forwardMicros != null && $Object.hasOwnProperty.call(message, "forwardMicros") && (typeof message.forwardMicros === "object" ? message.forwardMicros.low || message.forwardMicros.high : message.forwardMicros !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.forwardMicros);
                if (message.markMicros != null && $Object.hasOwnProperty.call(message, "markMicros") && (typeof message.markMicros === "object" ? message.markMicros.low || message.markMicros.high : message.markMicros !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.markMicros);
                if (message.sigmaAnnual != null && $Object.hasOwnProperty.call(message, "sigmaAnnual") && !$Object.is(message.sigmaAnnual, 0))
                    writer.uint32(/* id 6, wireType 1 =*/49).double(message.sigmaAnnual);
                if (message.timeYears != null && $Object.hasOwnProperty.call(message, "timeYears") && !$Object.is(message.timeYears, 0))
                    writer.uint32(/* id 7, wireType 1 =*/57).double(message.timeYears);
                if (message.valueMicros != null && $Object.hasOwnProperty.call(message, "valueMicros") && !$Object.is(message.valueMicros, 0))
                    writer.uint32(/* id 8, wireType 1 =*/65).double(message.valueMicros);
                if (message.delta != null && $Object.hasOwnProperty.call(message, "delta") && !$Object.is(message.delta, 0))
                    writer.uint32(/* id 9, wireType 1 =*/73).double(message.delta);
                if (message.gamma != null && $Object.hasOwnProperty.call(message, "gamma") && !$Object.is(message.gamma, 0))
                    writer.uint32(/* id 10, wireType 1 =*/81).double(message.gamma);
                if (message.vega != null && $Object.hasOwnProperty.call(message, "vega") && !$Object.is(message.vega, 0))
                    writer.uint32(/* id 11, wireType 1 =*/89).double(message.vega);
                if (message.theta != null && $Object.hasOwnProperty.call(message, "theta") && !$Object.is(message.theta, 0))
                    writer.uint32(/* id 12, wireType 1 =*/97).double(message.theta);
                if (message.bidMicros != null && $Object.hasOwnProperty.call(message, "bidMicros") && (typeof message.bidMicros === "object" ? message.bidMicros.low || message.bidMicros.high : message.bidMicros !== 0))
                    writer.uint32(/* id 13, wireType 0 =*/104).int64(message.bidMicros);
                if (message.askMicros != null && $Object.hasOwnProperty.call(message, "askMicros") && (typeof message.askMicros === "object" ? message.askMicros.low || message.askMicros.high : message.askMicros !== 0))
                    writer.uint32(/* id 14, wireType 0 =*/112).int64(message.askMicros);
                if (message.prevSeq != null && $Object.hasOwnProperty.call(message, "prevSeq") && (typeof message.prevSeq === "object" ? message.prevSeq.low || message.prevSeq.high : message.prevSeq !== 0))
                    writer.uint32(/* id 15, wireType 0 =*/120).uint64(message.prevSeq);
                if (message.forwardExactMicros != null && $Object.hasOwnProperty.call(message, "forwardExactMicros") && !$Object.is(message.forwardExactMicros, 0))
                    writer.uint32(/* id 16, wireType 1 =*/129).double(message.forwardExactMicros);
                if (message.sigmaMarketAnnual != null && $Object.hasOwnProperty.call(message, "sigmaMarketAnnual") && !$Object.is(message.sigmaMarketAnnual, 0))
                    writer.uint32(/* id 17, wireType 1 =*/137).double(message.sigmaMarketAnnual);
                if (message.strikeMicros != null && $Object.hasOwnProperty.call(message, "strikeMicros") && (typeof message.strikeMicros === "object" ? message.strikeMicros.low || message.strikeMicros.high : message.strikeMicros !== 0))
                    writer.uint32(/* id 18, wireType 0 =*/144).int64(message.strikeMicros);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an OptionModel message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.OptionModel
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.OptionModel & patx.v1.OptionModel.$Shape} OptionModel
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            OptionModel.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.OptionModel();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.pricedAtMs = value;
                            else
                                delete message.pricedAtMs;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.forwardMicros = value;
                            else
                                delete message.forwardMicros;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.markMicros = value;
                            else
                                delete message.markMicros;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.sigmaAnnual = value;
                            else
                                delete message.sigmaAnnual;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.timeYears = value;
                            else
                                delete message.timeYears;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.valueMicros = value;
                            else
                                delete message.valueMicros;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.delta = value;
                            else
                                delete message.delta;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.gamma = value;
                            else
                                delete message.gamma;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.vega = value;
                            else
                                delete message.vega;
                            continue;
                        }
                    case 12: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.theta = value;
                            else
                                delete message.theta;
                            continue;
                        }
                    case 13: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.bidMicros = value;
                            else
                                delete message.bidMicros;
                            continue;
                        }
                    case 14: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.askMicros = value;
                            else
                                delete message.askMicros;
                            continue;
                        }
                    case 15: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.prevSeq = value;
                            else
                                delete message.prevSeq;
                            continue;
                        }
                    case 16: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.forwardExactMicros = value;
                            else
                                delete message.forwardExactMicros;
                            continue;
                        }
                    case 17: {
                            if (wireType !== 1)
                                break;
                            if (!$Object.is(value = reader.double(), 0))
                                message.sigmaMarketAnnual = value;
                            else
                                delete message.sigmaMarketAnnual;
                            continue;
                        }
                    case 18: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.strikeMicros = value;
                            else
                                delete message.strikeMicros;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return OptionModel;
        })();

        v1.SyntheticLiquidation = (function() {

            /**
             * Properties of a SyntheticLiquidation.
             * @typedef {Object} patx.v1.SyntheticLiquidation.$Properties
             * @property {number|null} [seq] SyntheticLiquidation seq
             * @property {number|null} [timeMs] SyntheticLiquidation timeMs
             * @property {number|null} [seriesId] SyntheticLiquidation seriesId
             * @property {number|null} [accountId] SyntheticLiquidation accountId
             * @property {number|null} [brokerId] SyntheticLiquidation brokerId
             * @property {number|null} [positionQty] SyntheticLiquidation positionQty
             * @property {number|null} [markMicros] SyntheticLiquidation markMicros
             * @property {number|null} [penaltyMicros] SyntheticLiquidation penaltyMicros
             * @property {number|null} [owedMicros] SyntheticLiquidation owedMicros
             * @property {number|null} [lockedMicros] SyntheticLiquidation lockedMicros
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SyntheticLiquidation.
             * @memberof patx.v1
             * @interface ISyntheticLiquidation
             * @augments patx.v1.SyntheticLiquidation.$Properties
             * @deprecated Use patx.v1.SyntheticLiquidation.$Properties instead.
             */

            /**
             * Shape of a SyntheticLiquidation.
             * @typedef {patx.v1.SyntheticLiquidation.$Properties} patx.v1.SyntheticLiquidation.$Shape
             */

            /**
             * Constructs a new SyntheticLiquidation.
             * @memberof patx.v1
             * @classdesc Represents a SyntheticLiquidation.
             * @constructor
             * @param {patx.v1.SyntheticLiquidation.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SyntheticLiquidation = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SyntheticLiquidation seq.
             * @member {number} seq
             * @memberof patx.v1.SyntheticLiquidation
             * @instance
             */
            SyntheticLiquidation.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SyntheticLiquidation timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.SyntheticLiquidation
             * @instance
             */
            SyntheticLiquidation.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticLiquidation seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.SyntheticLiquidation
             * @instance
             */
            SyntheticLiquidation.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SyntheticLiquidation accountId.
             * @member {number} accountId
             * @memberof patx.v1.SyntheticLiquidation
             * @instance
             */
            SyntheticLiquidation.prototype.accountId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SyntheticLiquidation brokerId.
             * @member {number} brokerId
             * @memberof patx.v1.SyntheticLiquidation
             * @instance
             */
            SyntheticLiquidation.prototype.brokerId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SyntheticLiquidation positionQty.
             * @member {number} positionQty
             * @memberof patx.v1.SyntheticLiquidation
             * @instance
             */
            SyntheticLiquidation.prototype.positionQty = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticLiquidation markMicros.
             * @member {number} markMicros
             * @memberof patx.v1.SyntheticLiquidation
             * @instance
             */
            SyntheticLiquidation.prototype.markMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticLiquidation penaltyMicros.
             * @member {number} penaltyMicros
             * @memberof patx.v1.SyntheticLiquidation
             * @instance
             */
            SyntheticLiquidation.prototype.penaltyMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticLiquidation owedMicros.
             * @member {number} owedMicros
             * @memberof patx.v1.SyntheticLiquidation
             * @instance
             */
            SyntheticLiquidation.prototype.owedMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticLiquidation lockedMicros.
             * @member {number} lockedMicros
             * @memberof patx.v1.SyntheticLiquidation
             * @instance
             */
            SyntheticLiquidation.prototype.lockedMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new SyntheticLiquidation instance using the specified properties.
             * @function create
             * @memberof patx.v1.SyntheticLiquidation
             * @static
             * @param {patx.v1.SyntheticLiquidation.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SyntheticLiquidation} SyntheticLiquidation instance
             * @type {{
             *   (properties: patx.v1.SyntheticLiquidation.$Shape): patx.v1.SyntheticLiquidation & patx.v1.SyntheticLiquidation.$Shape;
             *   (properties?: patx.v1.SyntheticLiquidation.$Properties): patx.v1.SyntheticLiquidation;
             * }}
             */
            SyntheticLiquidation.create = function(properties) {
                return new SyntheticLiquidation(properties);
            };

            /**
             * Encodes the specified SyntheticLiquidation message. Does not implicitly {@link patx.v1.SyntheticLiquidation.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SyntheticLiquidation
             * @static
             * @param {patx.v1.SyntheticLiquidation.$Properties} message SyntheticLiquidation message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SyntheticLiquidation.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.timeMs);
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.seriesId);
                if (message.accountId != null && $Object.hasOwnProperty.call(message, "accountId") && (typeof message.accountId === "object" ? message.accountId.low || message.accountId.high : message.accountId !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.accountId);
                if (message.brokerId != null && $Object.hasOwnProperty.call(message, "brokerId") && (typeof message.brokerId === "object" ? message.brokerId.low || message.brokerId.high : message.brokerId !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.brokerId);
                if (message.positionQty != null && $Object.hasOwnProperty.call(message, "positionQty") && (typeof message.positionQty === "object" ? message.positionQty.low || message.positionQty.high : message.positionQty !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.positionQty);
                if (message.markMicros != null && $Object.hasOwnProperty.call(message, "markMicros") && (typeof message.markMicros === "object" ? message.markMicros.low || message.markMicros.high : message.markMicros !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.markMicros);
                if (message.penaltyMicros != null && $Object.hasOwnProperty.call(message, "penaltyMicros") && (typeof message.penaltyMicros === "object" ? message.penaltyMicros.low || message.penaltyMicros.high : message.penaltyMicros !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.penaltyMicros);
                if (message.owedMicros != null && $Object.hasOwnProperty.call(message, "owedMicros") && (typeof message.owedMicros === "object" ? message.owedMicros.low || message.owedMicros.high : message.owedMicros !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).int64(message.owedMicros);
                if (message.lockedMicros != null && $Object.hasOwnProperty.call(message, "lockedMicros") && (typeof message.lockedMicros === "object" ? message.lockedMicros.low || message.lockedMicros.high : message.lockedMicros !== 0))
                    writer.uint32(/* id 10, wireType 0 =*/80).int64(message.lockedMicros);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SyntheticLiquidation message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SyntheticLiquidation
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SyntheticLiquidation & patx.v1.SyntheticLiquidation.$Shape} SyntheticLiquidation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SyntheticLiquidation.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SyntheticLiquidation();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.accountId = value;
                            else
                                delete message.accountId;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.brokerId = value;
                            else
                                delete message.brokerId;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.positionQty = value;
                            else
                                delete message.positionQty;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.markMicros = value;
                            else
                                delete message.markMicros;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.penaltyMicros = value;
                            else
                                delete message.penaltyMicros;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.owedMicros = value;
                            else
                                delete message.owedMicros;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.lockedMicros = value;
                            else
                                delete message.lockedMicros;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SyntheticLiquidation;
        })();

        v1.MarginTopUp = (function() {

            /**
             * Properties of a MarginTopUp.
             * @typedef {Object} patx.v1.MarginTopUp.$Properties
             * @property {number|null} [seq] MarginTopUp seq
             * @property {number|null} [timeMs] MarginTopUp timeMs
             * @property {number|null} [seriesId] MarginTopUp seriesId
             * @property {number|null} [accountId] MarginTopUp accountId
             * @property {number|null} [positionQty] MarginTopUp positionQty
             * @property {number|null} [markMicros] MarginTopUp markMicros
             * @property {number|null} [topUpMicros] MarginTopUp topUpMicros
             * @property {number|null} [lockedMicros] MarginTopUp lockedMicros
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MarginTopUp.
             * @memberof patx.v1
             * @interface IMarginTopUp
             * @augments patx.v1.MarginTopUp.$Properties
             * @deprecated Use patx.v1.MarginTopUp.$Properties instead.
             */

            /**
             * Shape of a MarginTopUp.
             * @typedef {patx.v1.MarginTopUp.$Properties} patx.v1.MarginTopUp.$Shape
             */

            /**
             * Constructs a new MarginTopUp.
             * @memberof patx.v1
             * @classdesc Represents a MarginTopUp.
             * @constructor
             * @param {patx.v1.MarginTopUp.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MarginTopUp = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MarginTopUp seq.
             * @member {number} seq
             * @memberof patx.v1.MarginTopUp
             * @instance
             */
            MarginTopUp.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * MarginTopUp timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.MarginTopUp
             * @instance
             */
            MarginTopUp.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * MarginTopUp seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.MarginTopUp
             * @instance
             */
            MarginTopUp.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * MarginTopUp accountId.
             * @member {number} accountId
             * @memberof patx.v1.MarginTopUp
             * @instance
             */
            MarginTopUp.prototype.accountId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * MarginTopUp positionQty.
             * @member {number} positionQty
             * @memberof patx.v1.MarginTopUp
             * @instance
             */
            MarginTopUp.prototype.positionQty = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * MarginTopUp markMicros.
             * @member {number} markMicros
             * @memberof patx.v1.MarginTopUp
             * @instance
             */
            MarginTopUp.prototype.markMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * MarginTopUp topUpMicros.
             * @member {number} topUpMicros
             * @memberof patx.v1.MarginTopUp
             * @instance
             */
            MarginTopUp.prototype.topUpMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * MarginTopUp lockedMicros.
             * @member {number} lockedMicros
             * @memberof patx.v1.MarginTopUp
             * @instance
             */
            MarginTopUp.prototype.lockedMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new MarginTopUp instance using the specified properties.
             * @function create
             * @memberof patx.v1.MarginTopUp
             * @static
             * @param {patx.v1.MarginTopUp.$Properties=} [properties] Properties to set
             * @returns {patx.v1.MarginTopUp} MarginTopUp instance
             * @type {{
             *   (properties: patx.v1.MarginTopUp.$Shape): patx.v1.MarginTopUp & patx.v1.MarginTopUp.$Shape;
             *   (properties?: patx.v1.MarginTopUp.$Properties): patx.v1.MarginTopUp;
             * }}
             */
            MarginTopUp.create = function(properties) {
                return new MarginTopUp(properties);
            };

            /**
             * Encodes the specified MarginTopUp message. Does not implicitly {@link patx.v1.MarginTopUp.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.MarginTopUp
             * @static
             * @param {patx.v1.MarginTopUp.$Properties} message MarginTopUp message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MarginTopUp.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.timeMs);
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.seriesId);
                if (message.accountId != null && $Object.hasOwnProperty.call(message, "accountId") && (typeof message.accountId === "object" ? message.accountId.low || message.accountId.high : message.accountId !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.accountId);
                if (message.positionQty != null && $Object.hasOwnProperty.call(message, "positionQty") && (typeof message.positionQty === "object" ? message.positionQty.low || message.positionQty.high : message.positionQty !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.positionQty);
                if (message.markMicros != null && $Object.hasOwnProperty.call(message, "markMicros") && (typeof message.markMicros === "object" ? message.markMicros.low || message.markMicros.high : message.markMicros !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.markMicros);
                if (message.topUpMicros != null && $Object.hasOwnProperty.call(message, "topUpMicros") && (typeof message.topUpMicros === "object" ? message.topUpMicros.low || message.topUpMicros.high : message.topUpMicros !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.topUpMicros);
                if (message.lockedMicros != null && $Object.hasOwnProperty.call(message, "lockedMicros") && (typeof message.lockedMicros === "object" ? message.lockedMicros.low || message.lockedMicros.high : message.lockedMicros !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.lockedMicros);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MarginTopUp message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.MarginTopUp
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.MarginTopUp & patx.v1.MarginTopUp.$Shape} MarginTopUp
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MarginTopUp.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.MarginTopUp();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.accountId = value;
                            else
                                delete message.accountId;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.positionQty = value;
                            else
                                delete message.positionQty;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.markMicros = value;
                            else
                                delete message.markMicros;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.topUpMicros = value;
                            else
                                delete message.topUpMicros;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.lockedMicros = value;
                            else
                                delete message.lockedMicros;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return MarginTopUp;
        })();

        v1.GrantIssued = (function() {

            /**
             * Properties of a GrantIssued.
             * @typedef {Object} patx.v1.GrantIssued.$Properties
             * @property {number|null} [seq] GrantIssued seq
             * @property {number|null} [timeMs] GrantIssued timeMs
             * @property {number|null} [seriesId] GrantIssued seriesId
             * @property {number|null} [grantId] GrantIssued grantId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a GrantIssued.
             * @memberof patx.v1
             * @interface IGrantIssued
             * @augments patx.v1.GrantIssued.$Properties
             * @deprecated Use patx.v1.GrantIssued.$Properties instead.
             */

            /**
             * Shape of a GrantIssued.
             * @typedef {patx.v1.GrantIssued.$Properties} patx.v1.GrantIssued.$Shape
             */

            /**
             * Constructs a new GrantIssued.
             * @memberof patx.v1
             * @classdesc Represents a GrantIssued.
             * @constructor
             * @param {patx.v1.GrantIssued.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const GrantIssued = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * GrantIssued seq.
             * @member {number} seq
             * @memberof patx.v1.GrantIssued
             * @instance
             */
            GrantIssued.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * GrantIssued timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.GrantIssued
             * @instance
             */
            GrantIssued.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * GrantIssued seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.GrantIssued
             * @instance
             */
            GrantIssued.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * GrantIssued grantId.
             * @member {number} grantId
             * @memberof patx.v1.GrantIssued
             * @instance
             */
            GrantIssued.prototype.grantId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new GrantIssued instance using the specified properties.
             * @function create
             * @memberof patx.v1.GrantIssued
             * @static
             * @param {patx.v1.GrantIssued.$Properties=} [properties] Properties to set
             * @returns {patx.v1.GrantIssued} GrantIssued instance
             * @type {{
             *   (properties: patx.v1.GrantIssued.$Shape): patx.v1.GrantIssued & patx.v1.GrantIssued.$Shape;
             *   (properties?: patx.v1.GrantIssued.$Properties): patx.v1.GrantIssued;
             * }}
             */
            GrantIssued.create = function(properties) {
                return new GrantIssued(properties);
            };

            /**
             * Encodes the specified GrantIssued message. Does not implicitly {@link patx.v1.GrantIssued.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.GrantIssued
             * @static
             * @param {patx.v1.GrantIssued.$Properties} message GrantIssued message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            GrantIssued.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.timeMs);
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.seriesId);
                if (message.grantId != null && $Object.hasOwnProperty.call(message, "grantId") && (typeof message.grantId === "object" ? message.grantId.low || message.grantId.high : message.grantId !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.grantId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a GrantIssued message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.GrantIssued
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.GrantIssued & patx.v1.GrantIssued.$Shape} GrantIssued
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            GrantIssued.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.GrantIssued();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.grantId = value;
                            else
                                delete message.grantId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return GrantIssued;
        })();

        v1.SyntheticSettlement = (function() {

            /**
             * Properties of a SyntheticSettlement.
             * @typedef {Object} patx.v1.SyntheticSettlement.$Properties
             * @property {number|null} [seq] SyntheticSettlement seq
             * @property {number|null} [timeMs] SyntheticSettlement timeMs
             * @property {number|null} [seriesId] SyntheticSettlement seriesId
             * @property {number|null} [accountId] SyntheticSettlement accountId
             * @property {number|null} [positionQty] SyntheticSettlement positionQty
             * @property {number|null} [costMicros] SyntheticSettlement costMicros
             * @property {number|null} [indexMicros] SyntheticSettlement indexMicros
             * @property {number|null} [payoutMicros] SyntheticSettlement payoutMicros
             * @property {number|null} [shortfallMicros] SyntheticSettlement shortfallMicros
             * @property {number|null} [haircutMicros] SyntheticSettlement haircutMicros
             * @property {number|null} [valueMicros] SyntheticSettlement valueMicros
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SyntheticSettlement.
             * @memberof patx.v1
             * @interface ISyntheticSettlement
             * @augments patx.v1.SyntheticSettlement.$Properties
             * @deprecated Use patx.v1.SyntheticSettlement.$Properties instead.
             */

            /**
             * Shape of a SyntheticSettlement.
             * @typedef {patx.v1.SyntheticSettlement.$Properties} patx.v1.SyntheticSettlement.$Shape
             */

            /**
             * Constructs a new SyntheticSettlement.
             * @memberof patx.v1
             * @classdesc Represents a SyntheticSettlement.
             * @constructor
             * @param {patx.v1.SyntheticSettlement.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SyntheticSettlement = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SyntheticSettlement seq.
             * @member {number} seq
             * @memberof patx.v1.SyntheticSettlement
             * @instance
             */
            SyntheticSettlement.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SyntheticSettlement timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.SyntheticSettlement
             * @instance
             */
            SyntheticSettlement.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticSettlement seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.SyntheticSettlement
             * @instance
             */
            SyntheticSettlement.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SyntheticSettlement accountId.
             * @member {number} accountId
             * @memberof patx.v1.SyntheticSettlement
             * @instance
             */
            SyntheticSettlement.prototype.accountId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SyntheticSettlement positionQty.
             * @member {number} positionQty
             * @memberof patx.v1.SyntheticSettlement
             * @instance
             */
            SyntheticSettlement.prototype.positionQty = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticSettlement costMicros.
             * @member {number} costMicros
             * @memberof patx.v1.SyntheticSettlement
             * @instance
             */
            SyntheticSettlement.prototype.costMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticSettlement indexMicros.
             * @member {number} indexMicros
             * @memberof patx.v1.SyntheticSettlement
             * @instance
             */
            SyntheticSettlement.prototype.indexMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticSettlement payoutMicros.
             * @member {number} payoutMicros
             * @memberof patx.v1.SyntheticSettlement
             * @instance
             */
            SyntheticSettlement.prototype.payoutMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticSettlement shortfallMicros.
             * @member {number} shortfallMicros
             * @memberof patx.v1.SyntheticSettlement
             * @instance
             */
            SyntheticSettlement.prototype.shortfallMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticSettlement haircutMicros.
             * @member {number} haircutMicros
             * @memberof patx.v1.SyntheticSettlement
             * @instance
             */
            SyntheticSettlement.prototype.haircutMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SyntheticSettlement valueMicros.
             * @member {number} valueMicros
             * @memberof patx.v1.SyntheticSettlement
             * @instance
             */
            SyntheticSettlement.prototype.valueMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new SyntheticSettlement instance using the specified properties.
             * @function create
             * @memberof patx.v1.SyntheticSettlement
             * @static
             * @param {patx.v1.SyntheticSettlement.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SyntheticSettlement} SyntheticSettlement instance
             * @type {{
             *   (properties: patx.v1.SyntheticSettlement.$Shape): patx.v1.SyntheticSettlement & patx.v1.SyntheticSettlement.$Shape;
             *   (properties?: patx.v1.SyntheticSettlement.$Properties): patx.v1.SyntheticSettlement;
             * }}
             */
            SyntheticSettlement.create = function(properties) {
                return new SyntheticSettlement(properties);
            };

            /**
             * Encodes the specified SyntheticSettlement message. Does not implicitly {@link patx.v1.SyntheticSettlement.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SyntheticSettlement
             * @static
             * @param {patx.v1.SyntheticSettlement.$Properties} message SyntheticSettlement message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SyntheticSettlement.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.timeMs);
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.seriesId);
                if (message.accountId != null && $Object.hasOwnProperty.call(message, "accountId") && (typeof message.accountId === "object" ? message.accountId.low || message.accountId.high : message.accountId !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.accountId);
                if (message.positionQty != null && $Object.hasOwnProperty.call(message, "positionQty") && (typeof message.positionQty === "object" ? message.positionQty.low || message.positionQty.high : message.positionQty !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.positionQty);
                if (message.costMicros != null && $Object.hasOwnProperty.call(message, "costMicros") && (typeof message.costMicros === "object" ? message.costMicros.low || message.costMicros.high : message.costMicros !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).int64(message.costMicros);
                if (message.indexMicros != null && $Object.hasOwnProperty.call(message, "indexMicros") && (typeof message.indexMicros === "object" ? message.indexMicros.low || message.indexMicros.high : message.indexMicros !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).int64(message.indexMicros);
                if (message.payoutMicros != null && $Object.hasOwnProperty.call(message, "payoutMicros") && (typeof message.payoutMicros === "object" ? message.payoutMicros.low || message.payoutMicros.high : message.payoutMicros !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).int64(message.payoutMicros);
                if (message.shortfallMicros != null && $Object.hasOwnProperty.call(message, "shortfallMicros") && (typeof message.shortfallMicros === "object" ? message.shortfallMicros.low || message.shortfallMicros.high : message.shortfallMicros !== 0))
                    writer.uint32(/* id 9, wireType 0 =*/72).int64(message.shortfallMicros);
                if (message.haircutMicros != null && $Object.hasOwnProperty.call(message, "haircutMicros") && (typeof message.haircutMicros === "object" ? message.haircutMicros.low || message.haircutMicros.high : message.haircutMicros !== 0))
                    writer.uint32(/* id 10, wireType 0 =*/80).int64(message.haircutMicros);
                if (message.valueMicros != null && $Object.hasOwnProperty.call(message, "valueMicros") && (typeof message.valueMicros === "object" ? message.valueMicros.low || message.valueMicros.high : message.valueMicros !== 0))
                    writer.uint32(/* id 11, wireType 0 =*/88).int64(message.valueMicros);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SyntheticSettlement message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SyntheticSettlement
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SyntheticSettlement & patx.v1.SyntheticSettlement.$Shape} SyntheticSettlement
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SyntheticSettlement.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SyntheticSettlement();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.accountId = value;
                            else
                                delete message.accountId;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.positionQty = value;
                            else
                                delete message.positionQty;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.costMicros = value;
                            else
                                delete message.costMicros;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.indexMicros = value;
                            else
                                delete message.indexMicros;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.payoutMicros = value;
                            else
                                delete message.payoutMicros;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.shortfallMicros = value;
                            else
                                delete message.shortfallMicros;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.haircutMicros = value;
                            else
                                delete message.haircutMicros;
                            continue;
                        }
                    case 11: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.valueMicros = value;
                            else
                                delete message.valueMicros;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SyntheticSettlement;
        })();

        v1.CreateSubscription = (function() {

            /**
             * Properties of a CreateSubscription.
             * @typedef {Object} patx.v1.CreateSubscription.$Properties
             * @property {string|null} [contract] CreateSubscription contract
             * @property {number|null} [qtyPerWindow] CreateSubscription qtyPerWindow
             * @property {number|null} [capPriceMicros] CreateSubscription capPriceMicros
             * @property {number|null} [budgetMicros] CreateSubscription budgetMicros
             * @property {patx.v1.SubscriptionTrigger|null} [trigger] CreateSubscription trigger
             * @property {boolean|null} [autoExercise] CreateSubscription autoExercise
             * @property {number|null} [maxSkips] CreateSubscription maxSkips
             * @property {boolean|null} [includeCurrent] CreateSubscription includeCurrent
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CreateSubscription.
             * @memberof patx.v1
             * @interface ICreateSubscription
             * @augments patx.v1.CreateSubscription.$Properties
             * @deprecated Use patx.v1.CreateSubscription.$Properties instead.
             */

            /**
             * Shape of a CreateSubscription.
             * @typedef {patx.v1.CreateSubscription.$Properties} patx.v1.CreateSubscription.$Shape
             */

            /**
             * Constructs a new CreateSubscription.
             * @memberof patx.v1
             * @classdesc Represents a CreateSubscription.
             * @constructor
             * @param {patx.v1.CreateSubscription.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CreateSubscription = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CreateSubscription contract.
             * @member {string} contract
             * @memberof patx.v1.CreateSubscription
             * @instance
             */
            CreateSubscription.prototype.contract = "";

            /**
             * CreateSubscription qtyPerWindow.
             * @member {number} qtyPerWindow
             * @memberof patx.v1.CreateSubscription
             * @instance
             */
            CreateSubscription.prototype.qtyPerWindow = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * CreateSubscription capPriceMicros.
             * @member {number} capPriceMicros
             * @memberof patx.v1.CreateSubscription
             * @instance
             */
            CreateSubscription.prototype.capPriceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * CreateSubscription budgetMicros.
             * @member {number} budgetMicros
             * @memberof patx.v1.CreateSubscription
             * @instance
             */
            CreateSubscription.prototype.budgetMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * CreateSubscription trigger.
             * @member {patx.v1.SubscriptionTrigger} trigger
             * @memberof patx.v1.CreateSubscription
             * @instance
             */
            CreateSubscription.prototype.trigger = 0;

            /**
             * CreateSubscription autoExercise.
             * @member {boolean|null|undefined} autoExercise
             * @memberof patx.v1.CreateSubscription
             * @instance
             */
            CreateSubscription.prototype.autoExercise = null;

            /**
             * CreateSubscription maxSkips.
             * @member {number} maxSkips
             * @memberof patx.v1.CreateSubscription
             * @instance
             */
            CreateSubscription.prototype.maxSkips = 0;

            /**
             * CreateSubscription includeCurrent.
             * @member {boolean|null|undefined} includeCurrent
             * @memberof patx.v1.CreateSubscription
             * @instance
             */
            CreateSubscription.prototype.includeCurrent = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(CreateSubscription.prototype, "_autoExercise", {
                get: $util.oneOfGetter($oneOfFields = ["autoExercise"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            // Virtual OneOf for proto3 optional field
            $Object.defineProperty(CreateSubscription.prototype, "_includeCurrent", {
                get: $util.oneOfGetter($oneOfFields = ["includeCurrent"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new CreateSubscription instance using the specified properties.
             * @function create
             * @memberof patx.v1.CreateSubscription
             * @static
             * @param {patx.v1.CreateSubscription.$Properties=} [properties] Properties to set
             * @returns {patx.v1.CreateSubscription} CreateSubscription instance
             * @type {{
             *   (properties: patx.v1.CreateSubscription.$Shape): patx.v1.CreateSubscription & patx.v1.CreateSubscription.$Shape;
             *   (properties?: patx.v1.CreateSubscription.$Properties): patx.v1.CreateSubscription;
             * }}
             */
            CreateSubscription.create = function(properties) {
                return new CreateSubscription(properties);
            };

            /**
             * Encodes the specified CreateSubscription message. Does not implicitly {@link patx.v1.CreateSubscription.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.CreateSubscription
             * @static
             * @param {patx.v1.CreateSubscription.$Properties} message CreateSubscription message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CreateSubscription.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.contract != null && $Object.hasOwnProperty.call(message, "contract") && message.contract !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.contract);
                if (message.qtyPerWindow != null && $Object.hasOwnProperty.call(message, "qtyPerWindow") && (typeof message.qtyPerWindow === "object" ? message.qtyPerWindow.low || message.qtyPerWindow.high : message.qtyPerWindow !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.qtyPerWindow);
                if (message.capPriceMicros != null && $Object.hasOwnProperty.call(message, "capPriceMicros") && (typeof message.capPriceMicros === "object" ? message.capPriceMicros.low || message.capPriceMicros.high : message.capPriceMicros !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.capPriceMicros);
                if (message.budgetMicros != null && $Object.hasOwnProperty.call(message, "budgetMicros") && (typeof message.budgetMicros === "object" ? message.budgetMicros.low || message.budgetMicros.high : message.budgetMicros !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.budgetMicros);
                if (message.trigger != null && $Object.hasOwnProperty.call(message, "trigger") && message.trigger !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).int32(message.trigger);
                if (message.autoExercise != null && $Object.hasOwnProperty.call(message, "autoExercise"))
                    writer.uint32(/* id 6, wireType 0 =*/48).bool(message.autoExercise);
                if (message.maxSkips != null && $Object.hasOwnProperty.call(message, "maxSkips") && message.maxSkips !== 0)
                    writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.maxSkips);
                if (message.includeCurrent != null && $Object.hasOwnProperty.call(message, "includeCurrent"))
                    writer.uint32(/* id 8, wireType 0 =*/64).bool(message.includeCurrent);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CreateSubscription message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.CreateSubscription
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.CreateSubscription & patx.v1.CreateSubscription.$Shape} CreateSubscription
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CreateSubscription.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.CreateSubscription();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.contract = value;
                            else
                                delete message.contract;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.qtyPerWindow = value;
                            else
                                delete message.qtyPerWindow;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.capPriceMicros = value;
                            else
                                delete message.capPriceMicros;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.budgetMicros = value;
                            else
                                delete message.budgetMicros;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.trigger = value;
                            else
                                delete message.trigger;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            message.autoExercise = reader.bool();
                            message._autoExercise = "autoExercise";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.maxSkips = value;
                            else
                                delete message.maxSkips;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            message.includeCurrent = reader.bool();
                            message._includeCurrent = "includeCurrent";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return CreateSubscription;
        })();

        v1.CancelSubscription = (function() {

            /**
             * Properties of a CancelSubscription.
             * @typedef {Object} patx.v1.CancelSubscription.$Properties
             * @property {number|null} [subscriptionId] CancelSubscription subscriptionId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CancelSubscription.
             * @memberof patx.v1
             * @interface ICancelSubscription
             * @augments patx.v1.CancelSubscription.$Properties
             * @deprecated Use patx.v1.CancelSubscription.$Properties instead.
             */

            /**
             * Shape of a CancelSubscription.
             * @typedef {patx.v1.CancelSubscription.$Properties} patx.v1.CancelSubscription.$Shape
             */

            /**
             * Constructs a new CancelSubscription.
             * @memberof patx.v1
             * @classdesc Represents a CancelSubscription.
             * @constructor
             * @param {patx.v1.CancelSubscription.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CancelSubscription = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CancelSubscription subscriptionId.
             * @member {number} subscriptionId
             * @memberof patx.v1.CancelSubscription
             * @instance
             */
            CancelSubscription.prototype.subscriptionId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new CancelSubscription instance using the specified properties.
             * @function create
             * @memberof patx.v1.CancelSubscription
             * @static
             * @param {patx.v1.CancelSubscription.$Properties=} [properties] Properties to set
             * @returns {patx.v1.CancelSubscription} CancelSubscription instance
             * @type {{
             *   (properties: patx.v1.CancelSubscription.$Shape): patx.v1.CancelSubscription & patx.v1.CancelSubscription.$Shape;
             *   (properties?: patx.v1.CancelSubscription.$Properties): patx.v1.CancelSubscription;
             * }}
             */
            CancelSubscription.create = function(properties) {
                return new CancelSubscription(properties);
            };

            /**
             * Encodes the specified CancelSubscription message. Does not implicitly {@link patx.v1.CancelSubscription.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.CancelSubscription
             * @static
             * @param {patx.v1.CancelSubscription.$Properties} message CancelSubscription message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CancelSubscription.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.subscriptionId != null && $Object.hasOwnProperty.call(message, "subscriptionId") && (typeof message.subscriptionId === "object" ? message.subscriptionId.low || message.subscriptionId.high : message.subscriptionId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.subscriptionId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CancelSubscription message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.CancelSubscription
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.CancelSubscription & patx.v1.CancelSubscription.$Shape} CancelSubscription
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CancelSubscription.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.CancelSubscription();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.subscriptionId = value;
                            else
                                delete message.subscriptionId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return CancelSubscription;
        })();

        v1.ResumeSubscription = (function() {

            /**
             * Properties of a ResumeSubscription.
             * @typedef {Object} patx.v1.ResumeSubscription.$Properties
             * @property {number|null} [subscriptionId] ResumeSubscription subscriptionId
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ResumeSubscription.
             * @memberof patx.v1
             * @interface IResumeSubscription
             * @augments patx.v1.ResumeSubscription.$Properties
             * @deprecated Use patx.v1.ResumeSubscription.$Properties instead.
             */

            /**
             * Shape of a ResumeSubscription.
             * @typedef {patx.v1.ResumeSubscription.$Properties} patx.v1.ResumeSubscription.$Shape
             */

            /**
             * Constructs a new ResumeSubscription.
             * @memberof patx.v1
             * @classdesc Represents a ResumeSubscription.
             * @constructor
             * @param {patx.v1.ResumeSubscription.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ResumeSubscription = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ResumeSubscription subscriptionId.
             * @member {number} subscriptionId
             * @memberof patx.v1.ResumeSubscription
             * @instance
             */
            ResumeSubscription.prototype.subscriptionId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new ResumeSubscription instance using the specified properties.
             * @function create
             * @memberof patx.v1.ResumeSubscription
             * @static
             * @param {patx.v1.ResumeSubscription.$Properties=} [properties] Properties to set
             * @returns {patx.v1.ResumeSubscription} ResumeSubscription instance
             * @type {{
             *   (properties: patx.v1.ResumeSubscription.$Shape): patx.v1.ResumeSubscription & patx.v1.ResumeSubscription.$Shape;
             *   (properties?: patx.v1.ResumeSubscription.$Properties): patx.v1.ResumeSubscription;
             * }}
             */
            ResumeSubscription.create = function(properties) {
                return new ResumeSubscription(properties);
            };

            /**
             * Encodes the specified ResumeSubscription message. Does not implicitly {@link patx.v1.ResumeSubscription.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.ResumeSubscription
             * @static
             * @param {patx.v1.ResumeSubscription.$Properties} message ResumeSubscription message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ResumeSubscription.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.subscriptionId != null && $Object.hasOwnProperty.call(message, "subscriptionId") && (typeof message.subscriptionId === "object" ? message.subscriptionId.low || message.subscriptionId.high : message.subscriptionId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.subscriptionId);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ResumeSubscription message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.ResumeSubscription
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.ResumeSubscription & patx.v1.ResumeSubscription.$Shape} ResumeSubscription
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ResumeSubscription.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.ResumeSubscription();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.subscriptionId = value;
                            else
                                delete message.subscriptionId;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return ResumeSubscription;
        })();

        /**
         * SubscriptionTrigger enum.
         * @name patx.v1.SubscriptionTrigger
         * @enum {number}
         * @property {number} SUBSCRIPTION_TRIGGER_UNSPECIFIED=0 SUBSCRIPTION_TRIGGER_UNSPECIFIED value
         * @property {number} ON_LIST=1 ON_LIST value
         * @property {number} ON_OPEN=2 ON_OPEN value
         */
        v1.SubscriptionTrigger = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SUBSCRIPTION_TRIGGER_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ON_LIST"] = 1;
            values[valuesById[2] = "ON_OPEN"] = 2;
            return values;
        })();

        /**
         * SubscriptionDelivery enum.
         * @name patx.v1.SubscriptionDelivery
         * @enum {number}
         * @property {number} SUBSCRIPTION_DELIVERY_UNSPECIFIED=0 SUBSCRIPTION_DELIVERY_UNSPECIFIED value
         * @property {number} DELIVERY_PULL=1 DELIVERY_PULL value
         * @property {number} DELIVERY_WEBHOOK=2 DELIVERY_WEBHOOK value
         */
        v1.SubscriptionDelivery = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SUBSCRIPTION_DELIVERY_UNSPECIFIED"] = 0;
            values[valuesById[1] = "DELIVERY_PULL"] = 1;
            values[valuesById[2] = "DELIVERY_WEBHOOK"] = 2;
            return values;
        })();

        /**
         * SubscriptionStatus enum.
         * @name patx.v1.SubscriptionStatus
         * @enum {number}
         * @property {number} SUBSCRIPTION_STATUS_UNSPECIFIED=0 SUBSCRIPTION_STATUS_UNSPECIFIED value
         * @property {number} SUBSCRIPTION_ACTIVE=1 SUBSCRIPTION_ACTIVE value
         * @property {number} SUBSCRIPTION_PAUSED=2 SUBSCRIPTION_PAUSED value
         * @property {number} SUBSCRIPTION_CANCELLED=3 SUBSCRIPTION_CANCELLED value
         * @property {number} SUBSCRIPTION_ENDED=4 SUBSCRIPTION_ENDED value
         */
        v1.SubscriptionStatus = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SUBSCRIPTION_STATUS_UNSPECIFIED"] = 0;
            values[valuesById[1] = "SUBSCRIPTION_ACTIVE"] = 1;
            values[valuesById[2] = "SUBSCRIPTION_PAUSED"] = 2;
            values[valuesById[3] = "SUBSCRIPTION_CANCELLED"] = 3;
            values[valuesById[4] = "SUBSCRIPTION_ENDED"] = 4;
            return values;
        })();

        /**
         * SubscriptionChange enum.
         * @name patx.v1.SubscriptionChange
         * @enum {number}
         * @property {number} SUBSCRIPTION_CHANGE_UNSPECIFIED=0 SUBSCRIPTION_CHANGE_UNSPECIFIED value
         * @property {number} CHANGE_CANCELLED=1 CHANGE_CANCELLED value
         * @property {number} CHANGE_PAUSED_AFTER_SKIPS=2 CHANGE_PAUSED_AFTER_SKIPS value
         * @property {number} CHANGE_BUDGET_SPENT=3 CHANGE_BUDGET_SPENT value
         * @property {number} CHANGE_RESUMED=4 CHANGE_RESUMED value
         * @property {number} CHANGE_PUSH_AUTHORISATION_EXPIRED=5 CHANGE_PUSH_AUTHORISATION_EXPIRED value
         */
        v1.SubscriptionChange = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SUBSCRIPTION_CHANGE_UNSPECIFIED"] = 0;
            values[valuesById[1] = "CHANGE_CANCELLED"] = 1;
            values[valuesById[2] = "CHANGE_PAUSED_AFTER_SKIPS"] = 2;
            values[valuesById[3] = "CHANGE_BUDGET_SPENT"] = 3;
            values[valuesById[4] = "CHANGE_RESUMED"] = 4;
            values[valuesById[5] = "CHANGE_PUSH_AUTHORISATION_EXPIRED"] = 5;
            return values;
        })();

        /**
         * SkipReason enum.
         * @name patx.v1.SkipReason
         * @enum {number}
         * @property {number} SKIP_REASON_UNSPECIFIED=0 SKIP_REASON_UNSPECIFIED value
         * @property {number} SKIP_CAP_BELOW_ASK=1 SKIP_CAP_BELOW_ASK value
         * @property {number} SKIP_INSUFFICIENT_FUNDS=2 SKIP_INSUFFICIENT_FUNDS value
         * @property {number} SKIP_NO_ASK=3 SKIP_NO_ASK value
         * @property {number} SKIP_ORDER_REJECTED=4 SKIP_ORDER_REJECTED value
         * @property {number} SKIP_NO_PROVIDER_SUPPLY=5 SKIP_NO_PROVIDER_SUPPLY value
         */
        v1.SkipReason = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SKIP_REASON_UNSPECIFIED"] = 0;
            values[valuesById[1] = "SKIP_CAP_BELOW_ASK"] = 1;
            values[valuesById[2] = "SKIP_INSUFFICIENT_FUNDS"] = 2;
            values[valuesById[3] = "SKIP_NO_ASK"] = 3;
            values[valuesById[4] = "SKIP_ORDER_REJECTED"] = 4;
            values[valuesById[5] = "SKIP_NO_PROVIDER_SUPPLY"] = 5;
            return values;
        })();

        v1.SubscriptionUpdate = (function() {

            /**
             * Properties of a SubscriptionUpdate.
             * @typedef {Object} patx.v1.SubscriptionUpdate.$Properties
             * @property {number|null} [seq] SubscriptionUpdate seq
             * @property {number|null} [timeMs] SubscriptionUpdate timeMs
             * @property {number|null} [subscriptionId] SubscriptionUpdate subscriptionId
             * @property {number|null} [accountId] SubscriptionUpdate accountId
             * @property {patx.v1.SubscriptionCreated.$Properties|null} [created] SubscriptionUpdate created
             * @property {patx.v1.SubscriptionFilled.$Properties|null} [filled] SubscriptionUpdate filled
             * @property {patx.v1.SubscriptionSkipped.$Properties|null} [skipped] SubscriptionUpdate skipped
             * @property {patx.v1.SubscriptionExercised.$Properties|null} [exercised] SubscriptionUpdate exercised
             * @property {patx.v1.SubscriptionStatusChanged.$Properties|null} [statusChanged] SubscriptionUpdate statusChanged
             * @property {"created"|"filled"|"skipped"|"exercised"|"statusChanged"} [update] SubscriptionUpdate update
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SubscriptionUpdate.
             * @memberof patx.v1
             * @interface ISubscriptionUpdate
             * @augments patx.v1.SubscriptionUpdate.$Properties
             * @deprecated Use patx.v1.SubscriptionUpdate.$Properties instead.
             */

            /**
             * Narrowed shape of a SubscriptionUpdate.
             * @typedef {{
             *   seq?: number|null;
             *   timeMs?: number|null;
             *   subscriptionId?: number|null;
             *   accountId?: number|null;
             *   created?: patx.v1.SubscriptionCreated.$Shape|null;
             *   filled?: patx.v1.SubscriptionFilled.$Shape|null;
             *   skipped?: patx.v1.SubscriptionSkipped.$Shape|null;
             *   exercised?: patx.v1.SubscriptionExercised.$Shape|null;
             *   statusChanged?: patx.v1.SubscriptionStatusChanged.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ update?: undefined; created?: null; filled?: null; skipped?: null; exercised?: null; statusChanged?: null }|{ update?: "created"; created: patx.v1.SubscriptionCreated.$Shape; filled?: null; skipped?: null; exercised?: null; statusChanged?: null }|{ update?: "filled"; created?: null; filled: patx.v1.SubscriptionFilled.$Shape; skipped?: null; exercised?: null; statusChanged?: null }|{ update?: "skipped"; created?: null; filled?: null; skipped: patx.v1.SubscriptionSkipped.$Shape; exercised?: null; statusChanged?: null }|{ update?: "exercised"; created?: null; filled?: null; skipped?: null; exercised: patx.v1.SubscriptionExercised.$Shape; statusChanged?: null }|{ update?: "statusChanged"; created?: null; filled?: null; skipped?: null; exercised?: null; statusChanged: patx.v1.SubscriptionStatusChanged.$Shape })
             * )} patx.v1.SubscriptionUpdate.$Shape
             */

            /**
             * Constructs a new SubscriptionUpdate.
             * @memberof patx.v1
             * @classdesc Represents a SubscriptionUpdate.
             * @constructor
             * @param {patx.v1.SubscriptionUpdate.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SubscriptionUpdate = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SubscriptionUpdate seq.
             * @member {number} seq
             * @memberof patx.v1.SubscriptionUpdate
             * @instance
             */
            SubscriptionUpdate.prototype.seq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscriptionUpdate timeMs.
             * @member {number} timeMs
             * @memberof patx.v1.SubscriptionUpdate
             * @instance
             */
            SubscriptionUpdate.prototype.timeMs = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SubscriptionUpdate subscriptionId.
             * @member {number} subscriptionId
             * @memberof patx.v1.SubscriptionUpdate
             * @instance
             */
            SubscriptionUpdate.prototype.subscriptionId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscriptionUpdate accountId.
             * @member {number} accountId
             * @memberof patx.v1.SubscriptionUpdate
             * @instance
             */
            SubscriptionUpdate.prototype.accountId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscriptionUpdate created.
             * @member {patx.v1.SubscriptionCreated.$Properties|null|undefined} created
             * @memberof patx.v1.SubscriptionUpdate
             * @instance
             */
            SubscriptionUpdate.prototype.created = null;

            /**
             * SubscriptionUpdate filled.
             * @member {patx.v1.SubscriptionFilled.$Properties|null|undefined} filled
             * @memberof patx.v1.SubscriptionUpdate
             * @instance
             */
            SubscriptionUpdate.prototype.filled = null;

            /**
             * SubscriptionUpdate skipped.
             * @member {patx.v1.SubscriptionSkipped.$Properties|null|undefined} skipped
             * @memberof patx.v1.SubscriptionUpdate
             * @instance
             */
            SubscriptionUpdate.prototype.skipped = null;

            /**
             * SubscriptionUpdate exercised.
             * @member {patx.v1.SubscriptionExercised.$Properties|null|undefined} exercised
             * @memberof patx.v1.SubscriptionUpdate
             * @instance
             */
            SubscriptionUpdate.prototype.exercised = null;

            /**
             * SubscriptionUpdate statusChanged.
             * @member {patx.v1.SubscriptionStatusChanged.$Properties|null|undefined} statusChanged
             * @memberof patx.v1.SubscriptionUpdate
             * @instance
             */
            SubscriptionUpdate.prototype.statusChanged = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * SubscriptionUpdate update.
             * @member {"created"|"filled"|"skipped"|"exercised"|"statusChanged"|undefined} update
             * @memberof patx.v1.SubscriptionUpdate
             * @instance
             */
            $Object.defineProperty(SubscriptionUpdate.prototype, "update", {
                get: $util.oneOfGetter($oneOfFields = ["created", "filled", "skipped", "exercised", "statusChanged"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new SubscriptionUpdate instance using the specified properties.
             * @function create
             * @memberof patx.v1.SubscriptionUpdate
             * @static
             * @param {patx.v1.SubscriptionUpdate.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SubscriptionUpdate} SubscriptionUpdate instance
             * @type {{
             *   (properties: patx.v1.SubscriptionUpdate.$Shape): patx.v1.SubscriptionUpdate & patx.v1.SubscriptionUpdate.$Shape;
             *   (properties?: patx.v1.SubscriptionUpdate.$Properties): patx.v1.SubscriptionUpdate;
             * }}
             */
            SubscriptionUpdate.create = function(properties) {
                return new SubscriptionUpdate(properties);
            };

            /**
             * Encodes the specified SubscriptionUpdate message. Does not implicitly {@link patx.v1.SubscriptionUpdate.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SubscriptionUpdate
             * @static
             * @param {patx.v1.SubscriptionUpdate.$Properties} message SubscriptionUpdate message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SubscriptionUpdate.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && (typeof message.seq === "object" ? message.seq.low || message.seq.high : message.seq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seq);
                if (message.timeMs != null && $Object.hasOwnProperty.call(message, "timeMs") && (typeof message.timeMs === "object" ? message.timeMs.low || message.timeMs.high : message.timeMs !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).int64(message.timeMs);
                if (message.subscriptionId != null && $Object.hasOwnProperty.call(message, "subscriptionId") && (typeof message.subscriptionId === "object" ? message.subscriptionId.low || message.subscriptionId.high : message.subscriptionId !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.subscriptionId);
                if (message.accountId != null && $Object.hasOwnProperty.call(message, "accountId") && (typeof message.accountId === "object" ? message.accountId.low || message.accountId.high : message.accountId !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.accountId);
                if (message.created != null && $Object.hasOwnProperty.call(message, "created"))
                    $root.patx.v1.SubscriptionCreated.encode(message.created, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.filled != null && $Object.hasOwnProperty.call(message, "filled"))
                    $root.patx.v1.SubscriptionFilled.encode(message.filled, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.skipped != null && $Object.hasOwnProperty.call(message, "skipped"))
                    $root.patx.v1.SubscriptionSkipped.encode(message.skipped, writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
                if (message.exercised != null && $Object.hasOwnProperty.call(message, "exercised"))
                    $root.patx.v1.SubscriptionExercised.encode(message.exercised, writer.uint32(/* id 13, wireType 2 =*/106).fork(), _depth + 1).ldelim();
                if (message.statusChanged != null && $Object.hasOwnProperty.call(message, "statusChanged"))
                    $root.patx.v1.SubscriptionStatusChanged.encode(message.statusChanged, writer.uint32(/* id 14, wireType 2 =*/114).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SubscriptionUpdate message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SubscriptionUpdate
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionUpdate & patx.v1.SubscriptionUpdate.$Shape} SubscriptionUpdate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SubscriptionUpdate.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SubscriptionUpdate();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seq = value;
                            else
                                delete message.seq;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.timeMs = value;
                            else
                                delete message.timeMs;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.subscriptionId = value;
                            else
                                delete message.subscriptionId;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.accountId = value;
                            else
                                delete message.accountId;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.created = $root.patx.v1.SubscriptionCreated.decode(reader, reader.size(), $undefined, _depth + 1, message.created);
                            message.update = "created";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.filled = $root.patx.v1.SubscriptionFilled.decode(reader, reader.size(), $undefined, _depth + 1, message.filled);
                            message.update = "filled";
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            message.skipped = $root.patx.v1.SubscriptionSkipped.decode(reader, reader.size(), $undefined, _depth + 1, message.skipped);
                            message.update = "skipped";
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            message.exercised = $root.patx.v1.SubscriptionExercised.decode(reader, reader.size(), $undefined, _depth + 1, message.exercised);
                            message.update = "exercised";
                            continue;
                        }
                    case 14: {
                            if (wireType !== 2)
                                break;
                            message.statusChanged = $root.patx.v1.SubscriptionStatusChanged.decode(reader, reader.size(), $undefined, _depth + 1, message.statusChanged);
                            message.update = "statusChanged";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SubscriptionUpdate;
        })();

        v1.SubscriptionCreated = (function() {

            /**
             * Properties of a SubscriptionCreated.
             * @typedef {Object} patx.v1.SubscriptionCreated.$Properties
             * @property {string|null} [contract] SubscriptionCreated contract
             * @property {number|null} [qtyPerWindow] SubscriptionCreated qtyPerWindow
             * @property {number|null} [capPriceMicros] SubscriptionCreated capPriceMicros
             * @property {number|null} [budgetMicros] SubscriptionCreated budgetMicros
             * @property {patx.v1.SubscriptionTrigger|null} [trigger] SubscriptionCreated trigger
             * @property {boolean|null} [autoExercise] SubscriptionCreated autoExercise
             * @property {number|null} [maxSkips] SubscriptionCreated maxSkips
             * @property {patx.v1.SubscriptionDelivery|null} [delivery] SubscriptionCreated delivery
             * @property {string|null} [webhookUrl] SubscriptionCreated webhookUrl
             * @property {boolean|null} [includeCurrent] SubscriptionCreated includeCurrent
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SubscriptionCreated.
             * @memberof patx.v1
             * @interface ISubscriptionCreated
             * @augments patx.v1.SubscriptionCreated.$Properties
             * @deprecated Use patx.v1.SubscriptionCreated.$Properties instead.
             */

            /**
             * Shape of a SubscriptionCreated.
             * @typedef {patx.v1.SubscriptionCreated.$Properties} patx.v1.SubscriptionCreated.$Shape
             */

            /**
             * Constructs a new SubscriptionCreated.
             * @memberof patx.v1
             * @classdesc Represents a SubscriptionCreated.
             * @constructor
             * @param {patx.v1.SubscriptionCreated.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SubscriptionCreated = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SubscriptionCreated contract.
             * @member {string} contract
             * @memberof patx.v1.SubscriptionCreated
             * @instance
             */
            SubscriptionCreated.prototype.contract = "";

            /**
             * SubscriptionCreated qtyPerWindow.
             * @member {number} qtyPerWindow
             * @memberof patx.v1.SubscriptionCreated
             * @instance
             */
            SubscriptionCreated.prototype.qtyPerWindow = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscriptionCreated capPriceMicros.
             * @member {number} capPriceMicros
             * @memberof patx.v1.SubscriptionCreated
             * @instance
             */
            SubscriptionCreated.prototype.capPriceMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SubscriptionCreated budgetMicros.
             * @member {number} budgetMicros
             * @memberof patx.v1.SubscriptionCreated
             * @instance
             */
            SubscriptionCreated.prototype.budgetMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SubscriptionCreated trigger.
             * @member {patx.v1.SubscriptionTrigger} trigger
             * @memberof patx.v1.SubscriptionCreated
             * @instance
             */
            SubscriptionCreated.prototype.trigger = 0;

            /**
             * SubscriptionCreated autoExercise.
             * @member {boolean} autoExercise
             * @memberof patx.v1.SubscriptionCreated
             * @instance
             */
            SubscriptionCreated.prototype.autoExercise = false;

            /**
             * SubscriptionCreated maxSkips.
             * @member {number} maxSkips
             * @memberof patx.v1.SubscriptionCreated
             * @instance
             */
            SubscriptionCreated.prototype.maxSkips = 0;

            /**
             * SubscriptionCreated delivery.
             * @member {patx.v1.SubscriptionDelivery} delivery
             * @memberof patx.v1.SubscriptionCreated
             * @instance
             */
            SubscriptionCreated.prototype.delivery = 0;

            /**
             * SubscriptionCreated webhookUrl.
             * @member {string} webhookUrl
             * @memberof patx.v1.SubscriptionCreated
             * @instance
             */
            SubscriptionCreated.prototype.webhookUrl = "";

            /**
             * SubscriptionCreated includeCurrent.
             * @member {boolean} includeCurrent
             * @memberof patx.v1.SubscriptionCreated
             * @instance
             */
            SubscriptionCreated.prototype.includeCurrent = false;

            /**
             * Creates a new SubscriptionCreated instance using the specified properties.
             * @function create
             * @memberof patx.v1.SubscriptionCreated
             * @static
             * @param {patx.v1.SubscriptionCreated.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SubscriptionCreated} SubscriptionCreated instance
             * @type {{
             *   (properties: patx.v1.SubscriptionCreated.$Shape): patx.v1.SubscriptionCreated & patx.v1.SubscriptionCreated.$Shape;
             *   (properties?: patx.v1.SubscriptionCreated.$Properties): patx.v1.SubscriptionCreated;
             * }}
             */
            SubscriptionCreated.create = function(properties) {
                return new SubscriptionCreated(properties);
            };

            /**
             * Encodes the specified SubscriptionCreated message. Does not implicitly {@link patx.v1.SubscriptionCreated.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SubscriptionCreated
             * @static
             * @param {patx.v1.SubscriptionCreated.$Properties} message SubscriptionCreated message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SubscriptionCreated.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.contract != null && $Object.hasOwnProperty.call(message, "contract") && message.contract !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.contract);
                if (message.qtyPerWindow != null && $Object.hasOwnProperty.call(message, "qtyPerWindow") && (typeof message.qtyPerWindow === "object" ? message.qtyPerWindow.low || message.qtyPerWindow.high : message.qtyPerWindow !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.qtyPerWindow);
                if (message.capPriceMicros != null && $Object.hasOwnProperty.call(message, "capPriceMicros") && (typeof message.capPriceMicros === "object" ? message.capPriceMicros.low || message.capPriceMicros.high : message.capPriceMicros !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.capPriceMicros);
                if (message.budgetMicros != null && $Object.hasOwnProperty.call(message, "budgetMicros") && (typeof message.budgetMicros === "object" ? message.budgetMicros.low || message.budgetMicros.high : message.budgetMicros !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.budgetMicros);
                if (message.trigger != null && $Object.hasOwnProperty.call(message, "trigger") && message.trigger !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).int32(message.trigger);
                if (message.autoExercise != null && $Object.hasOwnProperty.call(message, "autoExercise") && message.autoExercise !== false)
                    writer.uint32(/* id 6, wireType 0 =*/48).bool(message.autoExercise);
                if (message.maxSkips != null && $Object.hasOwnProperty.call(message, "maxSkips") && message.maxSkips !== 0)
                    writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.maxSkips);
                if (message.delivery != null && $Object.hasOwnProperty.call(message, "delivery") && message.delivery !== 0)
                    writer.uint32(/* id 8, wireType 0 =*/64).int32(message.delivery);
                if (message.webhookUrl != null && $Object.hasOwnProperty.call(message, "webhookUrl") && message.webhookUrl !== "")
                    writer.uint32(/* id 9, wireType 2 =*/74).string(message.webhookUrl);
                if (message.includeCurrent != null && $Object.hasOwnProperty.call(message, "includeCurrent") && message.includeCurrent !== false)
                    writer.uint32(/* id 10, wireType 0 =*/80).bool(message.includeCurrent);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SubscriptionCreated message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SubscriptionCreated
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionCreated & patx.v1.SubscriptionCreated.$Shape} SubscriptionCreated
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SubscriptionCreated.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SubscriptionCreated();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.contract = value;
                            else
                                delete message.contract;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.qtyPerWindow = value;
                            else
                                delete message.qtyPerWindow;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.capPriceMicros = value;
                            else
                                delete message.capPriceMicros;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.budgetMicros = value;
                            else
                                delete message.budgetMicros;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.trigger = value;
                            else
                                delete message.trigger;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.autoExercise = value;
                            else
                                delete message.autoExercise;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.maxSkips = value;
                            else
                                delete message.maxSkips;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.delivery = value;
                            else
                                delete message.delivery;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.webhookUrl = value;
                            else
                                delete message.webhookUrl;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.includeCurrent = value;
                            else
                                delete message.includeCurrent;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SubscriptionCreated;
        })();

        v1.SubscriptionFilled = (function() {

            /**
             * Properties of a SubscriptionFilled.
             * @typedef {Object} patx.v1.SubscriptionFilled.$Properties
             * @property {number|null} [seriesId] SubscriptionFilled seriesId
             * @property {number|null} [requestedQty] SubscriptionFilled requestedQty
             * @property {number|null} [qty] SubscriptionFilled qty
             * @property {number|null} [costMicros] SubscriptionFilled costMicros
             * @property {number|null} [spentMicros] SubscriptionFilled spentMicros
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SubscriptionFilled.
             * @memberof patx.v1
             * @interface ISubscriptionFilled
             * @augments patx.v1.SubscriptionFilled.$Properties
             * @deprecated Use patx.v1.SubscriptionFilled.$Properties instead.
             */

            /**
             * Shape of a SubscriptionFilled.
             * @typedef {patx.v1.SubscriptionFilled.$Properties} patx.v1.SubscriptionFilled.$Shape
             */

            /**
             * Constructs a new SubscriptionFilled.
             * @memberof patx.v1
             * @classdesc Represents a SubscriptionFilled.
             * @constructor
             * @param {patx.v1.SubscriptionFilled.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SubscriptionFilled = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SubscriptionFilled seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.SubscriptionFilled
             * @instance
             */
            SubscriptionFilled.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscriptionFilled requestedQty.
             * @member {number} requestedQty
             * @memberof patx.v1.SubscriptionFilled
             * @instance
             */
            SubscriptionFilled.prototype.requestedQty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscriptionFilled qty.
             * @member {number} qty
             * @memberof patx.v1.SubscriptionFilled
             * @instance
             */
            SubscriptionFilled.prototype.qty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscriptionFilled costMicros.
             * @member {number} costMicros
             * @memberof patx.v1.SubscriptionFilled
             * @instance
             */
            SubscriptionFilled.prototype.costMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SubscriptionFilled spentMicros.
             * @member {number} spentMicros
             * @memberof patx.v1.SubscriptionFilled
             * @instance
             */
            SubscriptionFilled.prototype.spentMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * Creates a new SubscriptionFilled instance using the specified properties.
             * @function create
             * @memberof patx.v1.SubscriptionFilled
             * @static
             * @param {patx.v1.SubscriptionFilled.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SubscriptionFilled} SubscriptionFilled instance
             * @type {{
             *   (properties: patx.v1.SubscriptionFilled.$Shape): patx.v1.SubscriptionFilled & patx.v1.SubscriptionFilled.$Shape;
             *   (properties?: patx.v1.SubscriptionFilled.$Properties): patx.v1.SubscriptionFilled;
             * }}
             */
            SubscriptionFilled.create = function(properties) {
                return new SubscriptionFilled(properties);
            };

            /**
             * Encodes the specified SubscriptionFilled message. Does not implicitly {@link patx.v1.SubscriptionFilled.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SubscriptionFilled
             * @static
             * @param {patx.v1.SubscriptionFilled.$Properties} message SubscriptionFilled message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SubscriptionFilled.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.requestedQty != null && $Object.hasOwnProperty.call(message, "requestedQty") && (typeof message.requestedQty === "object" ? message.requestedQty.low || message.requestedQty.high : message.requestedQty !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.requestedQty);
                if (message.qty != null && $Object.hasOwnProperty.call(message, "qty") && (typeof message.qty === "object" ? message.qty.low || message.qty.high : message.qty !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.qty);
                if (message.costMicros != null && $Object.hasOwnProperty.call(message, "costMicros") && (typeof message.costMicros === "object" ? message.costMicros.low || message.costMicros.high : message.costMicros !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).int64(message.costMicros);
                if (message.spentMicros != null && $Object.hasOwnProperty.call(message, "spentMicros") && (typeof message.spentMicros === "object" ? message.spentMicros.low || message.spentMicros.high : message.spentMicros !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).int64(message.spentMicros);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SubscriptionFilled message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SubscriptionFilled
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionFilled & patx.v1.SubscriptionFilled.$Shape} SubscriptionFilled
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SubscriptionFilled.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SubscriptionFilled();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.requestedQty = value;
                            else
                                delete message.requestedQty;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.qty = value;
                            else
                                delete message.qty;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.costMicros = value;
                            else
                                delete message.costMicros;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.spentMicros = value;
                            else
                                delete message.spentMicros;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SubscriptionFilled;
        })();

        v1.SubscriptionSkipped = (function() {

            /**
             * Properties of a SubscriptionSkipped.
             * @typedef {Object} patx.v1.SubscriptionSkipped.$Properties
             * @property {number|null} [seriesId] SubscriptionSkipped seriesId
             * @property {patx.v1.SkipReason|null} [reason] SubscriptionSkipped reason
             * @property {number|null} [askMicros] SubscriptionSkipped askMicros
             * @property {patx.v1.RejectReason|null} [rejectReason] SubscriptionSkipped rejectReason
             * @property {number|null} [skipsInRow] SubscriptionSkipped skipsInRow
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SubscriptionSkipped.
             * @memberof patx.v1
             * @interface ISubscriptionSkipped
             * @augments patx.v1.SubscriptionSkipped.$Properties
             * @deprecated Use patx.v1.SubscriptionSkipped.$Properties instead.
             */

            /**
             * Shape of a SubscriptionSkipped.
             * @typedef {patx.v1.SubscriptionSkipped.$Properties} patx.v1.SubscriptionSkipped.$Shape
             */

            /**
             * Constructs a new SubscriptionSkipped.
             * @memberof patx.v1
             * @classdesc Represents a SubscriptionSkipped.
             * @constructor
             * @param {patx.v1.SubscriptionSkipped.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SubscriptionSkipped = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SubscriptionSkipped seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.SubscriptionSkipped
             * @instance
             */
            SubscriptionSkipped.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscriptionSkipped reason.
             * @member {patx.v1.SkipReason} reason
             * @memberof patx.v1.SubscriptionSkipped
             * @instance
             */
            SubscriptionSkipped.prototype.reason = 0;

            /**
             * SubscriptionSkipped askMicros.
             * @member {number} askMicros
             * @memberof patx.v1.SubscriptionSkipped
             * @instance
             */
            SubscriptionSkipped.prototype.askMicros = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

            /**
             * SubscriptionSkipped rejectReason.
             * @member {patx.v1.RejectReason} rejectReason
             * @memberof patx.v1.SubscriptionSkipped
             * @instance
             */
            SubscriptionSkipped.prototype.rejectReason = 0;

            /**
             * SubscriptionSkipped skipsInRow.
             * @member {number} skipsInRow
             * @memberof patx.v1.SubscriptionSkipped
             * @instance
             */
            SubscriptionSkipped.prototype.skipsInRow = 0;

            /**
             * Creates a new SubscriptionSkipped instance using the specified properties.
             * @function create
             * @memberof patx.v1.SubscriptionSkipped
             * @static
             * @param {patx.v1.SubscriptionSkipped.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SubscriptionSkipped} SubscriptionSkipped instance
             * @type {{
             *   (properties: patx.v1.SubscriptionSkipped.$Shape): patx.v1.SubscriptionSkipped & patx.v1.SubscriptionSkipped.$Shape;
             *   (properties?: patx.v1.SubscriptionSkipped.$Properties): patx.v1.SubscriptionSkipped;
             * }}
             */
            SubscriptionSkipped.create = function(properties) {
                return new SubscriptionSkipped(properties);
            };

            /**
             * Encodes the specified SubscriptionSkipped message. Does not implicitly {@link patx.v1.SubscriptionSkipped.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SubscriptionSkipped
             * @static
             * @param {patx.v1.SubscriptionSkipped.$Properties} message SubscriptionSkipped message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SubscriptionSkipped.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.reason);
                if (message.askMicros != null && $Object.hasOwnProperty.call(message, "askMicros") && (typeof message.askMicros === "object" ? message.askMicros.low || message.askMicros.high : message.askMicros !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).int64(message.askMicros);
                if (message.rejectReason != null && $Object.hasOwnProperty.call(message, "rejectReason") && message.rejectReason !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).int32(message.rejectReason);
                if (message.skipsInRow != null && $Object.hasOwnProperty.call(message, "skipsInRow") && message.skipsInRow !== 0)
                    writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.skipsInRow);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SubscriptionSkipped message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SubscriptionSkipped
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionSkipped & patx.v1.SubscriptionSkipped.$Shape} SubscriptionSkipped
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SubscriptionSkipped.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SubscriptionSkipped();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.int64()) === "object" ? value.low || value.high : value !== 0)
                                message.askMicros = value;
                            else
                                delete message.askMicros;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.rejectReason = value;
                            else
                                delete message.rejectReason;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.skipsInRow = value;
                            else
                                delete message.skipsInRow;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SubscriptionSkipped;
        })();

        v1.SubscriptionExercised = (function() {

            /**
             * Properties of a SubscriptionExercised.
             * @typedef {Object} patx.v1.SubscriptionExercised.$Properties
             * @property {number|null} [seriesId] SubscriptionExercised seriesId
             * @property {number|null} [exerciseId] SubscriptionExercised exerciseId
             * @property {number|null} [qty] SubscriptionExercised qty
             * @property {Array.<patx.v1.AccessGrant.$Properties>|null} [grants] SubscriptionExercised grants
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SubscriptionExercised.
             * @memberof patx.v1
             * @interface ISubscriptionExercised
             * @augments patx.v1.SubscriptionExercised.$Properties
             * @deprecated Use patx.v1.SubscriptionExercised.$Properties instead.
             */

            /**
             * Shape of a SubscriptionExercised.
             * @typedef {patx.v1.SubscriptionExercised.$Properties} patx.v1.SubscriptionExercised.$Shape
             */

            /**
             * Constructs a new SubscriptionExercised.
             * @memberof patx.v1
             * @classdesc Represents a SubscriptionExercised.
             * @constructor
             * @param {patx.v1.SubscriptionExercised.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SubscriptionExercised = function (properties) {
                this.grants = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SubscriptionExercised seriesId.
             * @member {number} seriesId
             * @memberof patx.v1.SubscriptionExercised
             * @instance
             */
            SubscriptionExercised.prototype.seriesId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscriptionExercised exerciseId.
             * @member {number} exerciseId
             * @memberof patx.v1.SubscriptionExercised
             * @instance
             */
            SubscriptionExercised.prototype.exerciseId = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscriptionExercised qty.
             * @member {number} qty
             * @memberof patx.v1.SubscriptionExercised
             * @instance
             */
            SubscriptionExercised.prototype.qty = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscriptionExercised grants.
             * @member {Array.<patx.v1.AccessGrant.$Properties>} grants
             * @memberof patx.v1.SubscriptionExercised
             * @instance
             */
            SubscriptionExercised.prototype.grants = $util.emptyArray;

            /**
             * Creates a new SubscriptionExercised instance using the specified properties.
             * @function create
             * @memberof patx.v1.SubscriptionExercised
             * @static
             * @param {patx.v1.SubscriptionExercised.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SubscriptionExercised} SubscriptionExercised instance
             * @type {{
             *   (properties: patx.v1.SubscriptionExercised.$Shape): patx.v1.SubscriptionExercised & patx.v1.SubscriptionExercised.$Shape;
             *   (properties?: patx.v1.SubscriptionExercised.$Properties): patx.v1.SubscriptionExercised;
             * }}
             */
            SubscriptionExercised.create = function(properties) {
                return new SubscriptionExercised(properties);
            };

            /**
             * Encodes the specified SubscriptionExercised message. Does not implicitly {@link patx.v1.SubscriptionExercised.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SubscriptionExercised
             * @static
             * @param {patx.v1.SubscriptionExercised.$Properties} message SubscriptionExercised message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SubscriptionExercised.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seriesId != null && $Object.hasOwnProperty.call(message, "seriesId") && (typeof message.seriesId === "object" ? message.seriesId.low || message.seriesId.high : message.seriesId !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seriesId);
                if (message.exerciseId != null && $Object.hasOwnProperty.call(message, "exerciseId") && (typeof message.exerciseId === "object" ? message.exerciseId.low || message.exerciseId.high : message.exerciseId !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.exerciseId);
                if (message.qty != null && $Object.hasOwnProperty.call(message, "qty") && (typeof message.qty === "object" ? message.qty.low || message.qty.high : message.qty !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.qty);
                if (message.grants != null && message.grants.length)
                    for (let i = 0; i < message.grants.length; ++i)
                        $root.patx.v1.AccessGrant.encode(message.grants[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SubscriptionExercised message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SubscriptionExercised
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionExercised & patx.v1.SubscriptionExercised.$Shape} SubscriptionExercised
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SubscriptionExercised.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SubscriptionExercised();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seriesId = value;
                            else
                                delete message.seriesId;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.exerciseId = value;
                            else
                                delete message.exerciseId;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.qty = value;
                            else
                                delete message.qty;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.grants && message.grants.length))
                                message.grants = [];
                            message.grants.push($root.patx.v1.AccessGrant.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SubscriptionExercised;
        })();

        v1.SubscriptionStatusChanged = (function() {

            /**
             * Properties of a SubscriptionStatusChanged.
             * @typedef {Object} patx.v1.SubscriptionStatusChanged.$Properties
             * @property {patx.v1.SubscriptionStatus|null} [status] SubscriptionStatusChanged status
             * @property {patx.v1.SubscriptionChange|null} [change] SubscriptionStatusChanged change
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SubscriptionStatusChanged.
             * @memberof patx.v1
             * @interface ISubscriptionStatusChanged
             * @augments patx.v1.SubscriptionStatusChanged.$Properties
             * @deprecated Use patx.v1.SubscriptionStatusChanged.$Properties instead.
             */

            /**
             * Shape of a SubscriptionStatusChanged.
             * @typedef {patx.v1.SubscriptionStatusChanged.$Properties} patx.v1.SubscriptionStatusChanged.$Shape
             */

            /**
             * Constructs a new SubscriptionStatusChanged.
             * @memberof patx.v1
             * @classdesc Represents a SubscriptionStatusChanged.
             * @constructor
             * @param {patx.v1.SubscriptionStatusChanged.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SubscriptionStatusChanged = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SubscriptionStatusChanged status.
             * @member {patx.v1.SubscriptionStatus} status
             * @memberof patx.v1.SubscriptionStatusChanged
             * @instance
             */
            SubscriptionStatusChanged.prototype.status = 0;

            /**
             * SubscriptionStatusChanged change.
             * @member {patx.v1.SubscriptionChange} change
             * @memberof patx.v1.SubscriptionStatusChanged
             * @instance
             */
            SubscriptionStatusChanged.prototype.change = 0;

            /**
             * Creates a new SubscriptionStatusChanged instance using the specified properties.
             * @function create
             * @memberof patx.v1.SubscriptionStatusChanged
             * @static
             * @param {patx.v1.SubscriptionStatusChanged.$Properties=} [properties] Properties to set
             * @returns {patx.v1.SubscriptionStatusChanged} SubscriptionStatusChanged instance
             * @type {{
             *   (properties: patx.v1.SubscriptionStatusChanged.$Shape): patx.v1.SubscriptionStatusChanged & patx.v1.SubscriptionStatusChanged.$Shape;
             *   (properties?: patx.v1.SubscriptionStatusChanged.$Properties): patx.v1.SubscriptionStatusChanged;
             * }}
             */
            SubscriptionStatusChanged.create = function(properties) {
                return new SubscriptionStatusChanged(properties);
            };

            /**
             * Encodes the specified SubscriptionStatusChanged message. Does not implicitly {@link patx.v1.SubscriptionStatusChanged.verify|verify} messages.
             * @function encode
             * @memberof patx.v1.SubscriptionStatusChanged
             * @static
             * @param {patx.v1.SubscriptionStatusChanged.$Properties} message SubscriptionStatusChanged message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SubscriptionStatusChanged.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.status != null && $Object.hasOwnProperty.call(message, "status") && message.status !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.status);
                if (message.change != null && $Object.hasOwnProperty.call(message, "change") && message.change !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).int32(message.change);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SubscriptionStatusChanged message from the specified reader or buffer.
             * @function decode
             * @memberof patx.v1.SubscriptionStatusChanged
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionStatusChanged & patx.v1.SubscriptionStatusChanged.$Shape} SubscriptionStatusChanged
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SubscriptionStatusChanged.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.patx.v1.SubscriptionStatusChanged();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.status = value;
                            else
                                delete message.status;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.change = value;
                            else
                                delete message.change;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            return SubscriptionStatusChanged;
        })();

        return v1;
    })();

    return patx;
})();

export {
  $root as default
};
