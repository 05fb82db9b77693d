import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace patx. */
export namespace patx {

    /** Namespace v1. */
    namespace v1 {

        /**
         * Properties of a ClientFrame.
         * @deprecated Use patx.v1.ClientFrame.$Properties instead.
         */
        interface IClientFrame extends patx.v1.ClientFrame.$Properties {
        }

        /** Represents a ClientFrame. */
        class ClientFrame {

            /**
             * Constructs a new ClientFrame.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.ClientFrame.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ClientFrame requestId. */
            requestId: number;

            /** ClientFrame login. */
            login?: (patx.v1.Login.$Properties|null);

            /** ClientFrame heartbeat. */
            heartbeat?: (patx.v1.Heartbeat.$Properties|null);

            /** ClientFrame newOrder. */
            newOrder?: (patx.v1.NewOrder.$Properties|null);

            /** ClientFrame cancelOrder. */
            cancelOrder?: (patx.v1.CancelOrder.$Properties|null);

            /** ClientFrame amendOrder. */
            amendOrder?: (patx.v1.AmendOrder.$Properties|null);

            /** ClientFrame massCancel. */
            massCancel?: (patx.v1.MassCancel.$Properties|null);

            /** ClientFrame declareCapacity. */
            declareCapacity?: (patx.v1.DeclareCapacity.$Properties|null);

            /** ClientFrame mint. */
            mint?: (patx.v1.Mint.$Properties|null);

            /** ClientFrame exercise. */
            exercise?: (patx.v1.Exercise.$Properties|null);

            /** ClientFrame requestWithdrawal. */
            requestWithdrawal?: (patx.v1.RequestWithdrawal.$Properties|null);

            /** ClientFrame accountQuery. */
            accountQuery?: (patx.v1.AccountQuery.$Properties|null);

            /** ClientFrame openOrdersQuery. */
            openOrdersQuery?: (patx.v1.OpenOrdersQuery.$Properties|null);

            /** ClientFrame orderStatusQuery. */
            orderStatusQuery?: (patx.v1.OrderStatusQuery.$Properties|null);

            /** ClientFrame seriesQuery. */
            seriesQuery?: (patx.v1.SeriesQuery.$Properties|null);

            /** ClientFrame subscribe. */
            subscribe?: (patx.v1.Subscribe.$Properties|null);

            /** ClientFrame unsubscribe. */
            unsubscribe?: (patx.v1.Unsubscribe.$Properties|null);

            /** ClientFrame createSubscription. */
            createSubscription?: (patx.v1.CreateSubscription.$Properties|null);

            /** ClientFrame cancelSubscription. */
            cancelSubscription?: (patx.v1.CancelSubscription.$Properties|null);

            /** ClientFrame resumeSubscription. */
            resumeSubscription?: (patx.v1.ResumeSubscription.$Properties|null);

            /** ClientFrame body. */
            body?: ("login"|"heartbeat"|"newOrder"|"cancelOrder"|"amendOrder"|"massCancel"|"declareCapacity"|"mint"|"exercise"|"requestWithdrawal"|"accountQuery"|"openOrdersQuery"|"orderStatusQuery"|"seriesQuery"|"subscribe"|"unsubscribe"|"createSubscription"|"cancelSubscription"|"resumeSubscription");

            /**
             * Creates a new ClientFrame instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ClientFrame instance
             */
            static create(properties: patx.v1.ClientFrame.$Shape): patx.v1.ClientFrame & patx.v1.ClientFrame.$Shape;
            static create(properties?: patx.v1.ClientFrame.$Properties): patx.v1.ClientFrame;

            /**
             * Encodes the specified ClientFrame message. Does not implicitly {@link patx.v1.ClientFrame.verify|verify} messages.
             * @param message ClientFrame message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.ClientFrame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ClientFrame message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.ClientFrame & patx.v1.ClientFrame.$Shape} ClientFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.ClientFrame & patx.v1.ClientFrame.$Shape;
        }

        namespace ClientFrame {

            /** Properties of a ClientFrame. */
            interface $Properties {

                /** ClientFrame requestId */
                requestId?: (number|null);

                /** ClientFrame login */
                login?: (patx.v1.Login.$Properties|null);

                /** ClientFrame heartbeat */
                heartbeat?: (patx.v1.Heartbeat.$Properties|null);

                /** ClientFrame newOrder */
                newOrder?: (patx.v1.NewOrder.$Properties|null);

                /** ClientFrame cancelOrder */
                cancelOrder?: (patx.v1.CancelOrder.$Properties|null);

                /** ClientFrame amendOrder */
                amendOrder?: (patx.v1.AmendOrder.$Properties|null);

                /** ClientFrame massCancel */
                massCancel?: (patx.v1.MassCancel.$Properties|null);

                /** ClientFrame declareCapacity */
                declareCapacity?: (patx.v1.DeclareCapacity.$Properties|null);

                /** ClientFrame mint */
                mint?: (patx.v1.Mint.$Properties|null);

                /** ClientFrame exercise */
                exercise?: (patx.v1.Exercise.$Properties|null);

                /** ClientFrame requestWithdrawal */
                requestWithdrawal?: (patx.v1.RequestWithdrawal.$Properties|null);

                /** ClientFrame accountQuery */
                accountQuery?: (patx.v1.AccountQuery.$Properties|null);

                /** ClientFrame openOrdersQuery */
                openOrdersQuery?: (patx.v1.OpenOrdersQuery.$Properties|null);

                /** ClientFrame orderStatusQuery */
                orderStatusQuery?: (patx.v1.OrderStatusQuery.$Properties|null);

                /** ClientFrame seriesQuery */
                seriesQuery?: (patx.v1.SeriesQuery.$Properties|null);

                /** ClientFrame subscribe */
                subscribe?: (patx.v1.Subscribe.$Properties|null);

                /** ClientFrame unsubscribe */
                unsubscribe?: (patx.v1.Unsubscribe.$Properties|null);

                /** ClientFrame createSubscription */
                createSubscription?: (patx.v1.CreateSubscription.$Properties|null);

                /** ClientFrame cancelSubscription */
                cancelSubscription?: (patx.v1.CancelSubscription.$Properties|null);

                /** ClientFrame resumeSubscription */
                resumeSubscription?: (patx.v1.ResumeSubscription.$Properties|null);

                /** ClientFrame body */
                body?: ("login"|"heartbeat"|"newOrder"|"cancelOrder"|"amendOrder"|"massCancel"|"declareCapacity"|"mint"|"exercise"|"requestWithdrawal"|"accountQuery"|"openOrdersQuery"|"orderStatusQuery"|"seriesQuery"|"subscribe"|"unsubscribe"|"createSubscription"|"cancelSubscription"|"resumeSubscription");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a ClientFrame. */
            type $Shape = {
              requestId?: number|null;
              login?: patx.v1.Login.$Shape|null;
              heartbeat?: patx.v1.Heartbeat.$Shape|null;
              newOrder?: patx.v1.NewOrder.$Shape|null;
              cancelOrder?: patx.v1.CancelOrder.$Shape|null;
              amendOrder?: patx.v1.AmendOrder.$Shape|null;
              massCancel?: patx.v1.MassCancel.$Shape|null;
              declareCapacity?: patx.v1.DeclareCapacity.$Shape|null;
              mint?: patx.v1.Mint.$Shape|null;
              exercise?: patx.v1.Exercise.$Shape|null;
              requestWithdrawal?: patx.v1.RequestWithdrawal.$Shape|null;
              accountQuery?: patx.v1.AccountQuery.$Shape|null;
              openOrdersQuery?: patx.v1.OpenOrdersQuery.$Shape|null;
              orderStatusQuery?: patx.v1.OrderStatusQuery.$Shape|null;
              seriesQuery?: patx.v1.SeriesQuery.$Shape|null;
              subscribe?: patx.v1.Subscribe.$Shape|null;
              unsubscribe?: patx.v1.Unsubscribe.$Shape|null;
              createSubscription?: patx.v1.CreateSubscription.$Shape|null;
              cancelSubscription?: patx.v1.CancelSubscription.$Shape|null;
              resumeSubscription?: patx.v1.ResumeSubscription.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "login"; login: patx.v1.Login.$Shape; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "heartbeat"; login?: null; heartbeat: patx.v1.Heartbeat.$Shape; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "newOrder"; login?: null; heartbeat?: null; newOrder: patx.v1.NewOrder.$Shape; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "cancelOrder"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder: patx.v1.CancelOrder.$Shape; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "amendOrder"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder: patx.v1.AmendOrder.$Shape; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "massCancel"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel: patx.v1.MassCancel.$Shape; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "declareCapacity"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity: patx.v1.DeclareCapacity.$Shape; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "mint"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint: patx.v1.Mint.$Shape; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "exercise"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise: patx.v1.Exercise.$Shape; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "requestWithdrawal"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal: patx.v1.RequestWithdrawal.$Shape; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "accountQuery"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery: patx.v1.AccountQuery.$Shape; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "openOrdersQuery"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery: patx.v1.OpenOrdersQuery.$Shape; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "orderStatusQuery"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery: patx.v1.OrderStatusQuery.$Shape; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "seriesQuery"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery: patx.v1.SeriesQuery.$Shape; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "subscribe"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe: patx.v1.Subscribe.$Shape; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "unsubscribe"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe: patx.v1.Unsubscribe.$Shape; createSubscription?: null; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "createSubscription"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription: patx.v1.CreateSubscription.$Shape; cancelSubscription?: null; resumeSubscription?: null }|{ body?: "cancelSubscription"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription: patx.v1.CancelSubscription.$Shape; resumeSubscription?: null }|{ body?: "resumeSubscription"; login?: null; heartbeat?: null; newOrder?: null; cancelOrder?: null; amendOrder?: null; massCancel?: null; declareCapacity?: null; mint?: null; exercise?: null; requestWithdrawal?: null; accountQuery?: null; openOrdersQuery?: null; orderStatusQuery?: null; seriesQuery?: null; subscribe?: null; unsubscribe?: null; createSubscription?: null; cancelSubscription?: null; resumeSubscription: patx.v1.ResumeSubscription.$Shape })
            );
        }

        /**
         * Properties of a ServerFrame.
         * @deprecated Use patx.v1.ServerFrame.$Properties instead.
         */
        interface IServerFrame extends patx.v1.ServerFrame.$Properties {
        }

        /** Represents a ServerFrame. */
        class ServerFrame {

            /**
             * Constructs a new ServerFrame.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.ServerFrame.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ServerFrame requestId. */
            requestId: number;

            /** ServerFrame challenge. */
            challenge?: (patx.v1.Challenge.$Properties|null);

            /** ServerFrame loginAccepted. */
            loginAccepted?: (patx.v1.LoginAccepted.$Properties|null);

            /** ServerFrame heartbeat. */
            heartbeat?: (patx.v1.Heartbeat.$Properties|null);

            /** ServerFrame error. */
            error?: (patx.v1.Error.$Properties|null);

            /** ServerFrame commandAck. */
            commandAck?: (patx.v1.CommandAck.$Properties|null);

            /** ServerFrame executionReport. */
            executionReport?: (patx.v1.ExecutionReport.$Properties|null);

            /** ServerFrame forwardDelivery. */
            forwardDelivery?: (patx.v1.ForwardDelivery.$Properties|null);

            /** ServerFrame syntheticLiquidation. */
            syntheticLiquidation?: (patx.v1.SyntheticLiquidation.$Properties|null);

            /** ServerFrame syntheticSettlement. */
            syntheticSettlement?: (patx.v1.SyntheticSettlement.$Properties|null);

            /** ServerFrame subscriptionUpdate. */
            subscriptionUpdate?: (patx.v1.SubscriptionUpdate.$Properties|null);

            /** ServerFrame marginTopUp. */
            marginTopUp?: (patx.v1.MarginTopUp.$Properties|null);

            /** ServerFrame grantIssued. */
            grantIssued?: (patx.v1.GrantIssued.$Properties|null);

            /** ServerFrame accountView. */
            accountView?: (patx.v1.AccountView.$Properties|null);

            /** ServerFrame openOrders. */
            openOrders?: (patx.v1.OpenOrders.$Properties|null);

            /** ServerFrame orderStatus. */
            orderStatus?: (patx.v1.OrderStatus.$Properties|null);

            /** ServerFrame seriesList. */
            seriesList?: (patx.v1.SeriesList.$Properties|null);

            /** ServerFrame subscribed. */
            subscribed?: (patx.v1.Subscribed.$Properties|null);

            /** ServerFrame unsubscribed. */
            unsubscribed?: (patx.v1.Unsubscribed.$Properties|null);

            /** ServerFrame bookSnapshot. */
            bookSnapshot?: (patx.v1.BookSnapshot.$Properties|null);

            /** ServerFrame bookUpdate. */
            bookUpdate?: (patx.v1.BookUpdate.$Properties|null);

            /** ServerFrame quoteLadder. */
            quoteLadder?: (patx.v1.QuoteLadder.$Properties|null);

            /** ServerFrame referencePrice. */
            referencePrice?: (patx.v1.ReferencePrice.$Properties|null);

            /** ServerFrame seriesStatus. */
            seriesStatus?: (patx.v1.SeriesStatusUpdate.$Properties|null);

            /** ServerFrame trades. */
            trades?: (patx.v1.Trades.$Properties|null);

            /** ServerFrame forwardCurve. */
            forwardCurve?: (patx.v1.ForwardCurve.$Properties|null);

            /** ServerFrame syntheticMark. */
            syntheticMark?: (patx.v1.SyntheticMark.$Properties|null);

            /** ServerFrame settlementIndex. */
            settlementIndex?: (patx.v1.SettlementIndex.$Properties|null);

            /** ServerFrame optionModel. */
            optionModel?: (patx.v1.OptionModel.$Properties|null);

            /** ServerFrame body. */
            body?: ("challenge"|"loginAccepted"|"heartbeat"|"error"|"commandAck"|"executionReport"|"forwardDelivery"|"syntheticLiquidation"|"syntheticSettlement"|"subscriptionUpdate"|"marginTopUp"|"grantIssued"|"accountView"|"openOrders"|"orderStatus"|"seriesList"|"subscribed"|"unsubscribed"|"bookSnapshot"|"bookUpdate"|"quoteLadder"|"referencePrice"|"seriesStatus"|"trades"|"forwardCurve"|"syntheticMark"|"settlementIndex"|"optionModel");

            /**
             * Creates a new ServerFrame instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ServerFrame instance
             */
            static create(properties: patx.v1.ServerFrame.$Shape): patx.v1.ServerFrame & patx.v1.ServerFrame.$Shape;
            static create(properties?: patx.v1.ServerFrame.$Properties): patx.v1.ServerFrame;

            /**
             * Encodes the specified ServerFrame message. Does not implicitly {@link patx.v1.ServerFrame.verify|verify} messages.
             * @param message ServerFrame message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.ServerFrame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ServerFrame message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.ServerFrame & patx.v1.ServerFrame.$Shape} ServerFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.ServerFrame & patx.v1.ServerFrame.$Shape;
        }

        namespace ServerFrame {

            /** Properties of a ServerFrame. */
            interface $Properties {

                /** ServerFrame requestId */
                requestId?: (number|null);

                /** ServerFrame challenge */
                challenge?: (patx.v1.Challenge.$Properties|null);

                /** ServerFrame loginAccepted */
                loginAccepted?: (patx.v1.LoginAccepted.$Properties|null);

                /** ServerFrame heartbeat */
                heartbeat?: (patx.v1.Heartbeat.$Properties|null);

                /** ServerFrame error */
                error?: (patx.v1.Error.$Properties|null);

                /** ServerFrame commandAck */
                commandAck?: (patx.v1.CommandAck.$Properties|null);

                /** ServerFrame executionReport */
                executionReport?: (patx.v1.ExecutionReport.$Properties|null);

                /** ServerFrame forwardDelivery */
                forwardDelivery?: (patx.v1.ForwardDelivery.$Properties|null);

                /** ServerFrame syntheticLiquidation */
                syntheticLiquidation?: (patx.v1.SyntheticLiquidation.$Properties|null);

                /** ServerFrame syntheticSettlement */
                syntheticSettlement?: (patx.v1.SyntheticSettlement.$Properties|null);

                /** ServerFrame subscriptionUpdate */
                subscriptionUpdate?: (patx.v1.SubscriptionUpdate.$Properties|null);

                /** ServerFrame marginTopUp */
                marginTopUp?: (patx.v1.MarginTopUp.$Properties|null);

                /** ServerFrame grantIssued */
                grantIssued?: (patx.v1.GrantIssued.$Properties|null);

                /** ServerFrame accountView */
                accountView?: (patx.v1.AccountView.$Properties|null);

                /** ServerFrame openOrders */
                openOrders?: (patx.v1.OpenOrders.$Properties|null);

                /** ServerFrame orderStatus */
                orderStatus?: (patx.v1.OrderStatus.$Properties|null);

                /** ServerFrame seriesList */
                seriesList?: (patx.v1.SeriesList.$Properties|null);

                /** ServerFrame subscribed */
                subscribed?: (patx.v1.Subscribed.$Properties|null);

                /** ServerFrame unsubscribed */
                unsubscribed?: (patx.v1.Unsubscribed.$Properties|null);

                /** ServerFrame bookSnapshot */
                bookSnapshot?: (patx.v1.BookSnapshot.$Properties|null);

                /** ServerFrame bookUpdate */
                bookUpdate?: (patx.v1.BookUpdate.$Properties|null);

                /** ServerFrame quoteLadder */
                quoteLadder?: (patx.v1.QuoteLadder.$Properties|null);

                /** ServerFrame referencePrice */
                referencePrice?: (patx.v1.ReferencePrice.$Properties|null);

                /** ServerFrame seriesStatus */
                seriesStatus?: (patx.v1.SeriesStatusUpdate.$Properties|null);

                /** ServerFrame trades */
                trades?: (patx.v1.Trades.$Properties|null);

                /** ServerFrame forwardCurve */
                forwardCurve?: (patx.v1.ForwardCurve.$Properties|null);

                /** ServerFrame syntheticMark */
                syntheticMark?: (patx.v1.SyntheticMark.$Properties|null);

                /** ServerFrame settlementIndex */
                settlementIndex?: (patx.v1.SettlementIndex.$Properties|null);

                /** ServerFrame optionModel */
                optionModel?: (patx.v1.OptionModel.$Properties|null);

                /** ServerFrame body */
                body?: ("challenge"|"loginAccepted"|"heartbeat"|"error"|"commandAck"|"executionReport"|"forwardDelivery"|"syntheticLiquidation"|"syntheticSettlement"|"subscriptionUpdate"|"marginTopUp"|"grantIssued"|"accountView"|"openOrders"|"orderStatus"|"seriesList"|"subscribed"|"unsubscribed"|"bookSnapshot"|"bookUpdate"|"quoteLadder"|"referencePrice"|"seriesStatus"|"trades"|"forwardCurve"|"syntheticMark"|"settlementIndex"|"optionModel");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a ServerFrame. */
            type $Shape = {
              requestId?: number|null;
              challenge?: patx.v1.Challenge.$Shape|null;
              loginAccepted?: patx.v1.LoginAccepted.$Shape|null;
              heartbeat?: patx.v1.Heartbeat.$Shape|null;
              error?: patx.v1.Error.$Shape|null;
              commandAck?: patx.v1.CommandAck.$Shape|null;
              executionReport?: patx.v1.ExecutionReport.$Shape|null;
              forwardDelivery?: patx.v1.ForwardDelivery.$Shape|null;
              syntheticLiquidation?: patx.v1.SyntheticLiquidation.$Shape|null;
              syntheticSettlement?: patx.v1.SyntheticSettlement.$Shape|null;
              subscriptionUpdate?: patx.v1.SubscriptionUpdate.$Shape|null;
              marginTopUp?: patx.v1.MarginTopUp.$Shape|null;
              grantIssued?: patx.v1.GrantIssued.$Shape|null;
              accountView?: patx.v1.AccountView.$Shape|null;
              openOrders?: patx.v1.OpenOrders.$Shape|null;
              orderStatus?: patx.v1.OrderStatus.$Shape|null;
              seriesList?: patx.v1.SeriesList.$Shape|null;
              subscribed?: patx.v1.Subscribed.$Shape|null;
              unsubscribed?: patx.v1.Unsubscribed.$Shape|null;
              bookSnapshot?: patx.v1.BookSnapshot.$Shape|null;
              bookUpdate?: patx.v1.BookUpdate.$Shape|null;
              quoteLadder?: patx.v1.QuoteLadder.$Shape|null;
              referencePrice?: patx.v1.ReferencePrice.$Shape|null;
              seriesStatus?: patx.v1.SeriesStatusUpdate.$Shape|null;
              trades?: patx.v1.Trades.$Shape|null;
              forwardCurve?: patx.v1.ForwardCurve.$Shape|null;
              syntheticMark?: patx.v1.SyntheticMark.$Shape|null;
              settlementIndex?: patx.v1.SettlementIndex.$Shape|null;
              optionModel?: patx.v1.OptionModel.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "challenge"; challenge: patx.v1.Challenge.$Shape; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "loginAccepted"; challenge?: null; loginAccepted: patx.v1.LoginAccepted.$Shape; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "heartbeat"; challenge?: null; loginAccepted?: null; heartbeat: patx.v1.Heartbeat.$Shape; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "error"; challenge?: null; loginAccepted?: null; heartbeat?: null; error: patx.v1.Error.$Shape; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "commandAck"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck: patx.v1.CommandAck.$Shape; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "executionReport"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport: patx.v1.ExecutionReport.$Shape; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "forwardDelivery"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery: patx.v1.ForwardDelivery.$Shape; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "syntheticLiquidation"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation: patx.v1.SyntheticLiquidation.$Shape; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "syntheticSettlement"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement: patx.v1.SyntheticSettlement.$Shape; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "subscriptionUpdate"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate: patx.v1.SubscriptionUpdate.$Shape; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "marginTopUp"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp: patx.v1.MarginTopUp.$Shape; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "grantIssued"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued: patx.v1.GrantIssued.$Shape; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "accountView"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView: patx.v1.AccountView.$Shape; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "openOrders"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders: patx.v1.OpenOrders.$Shape; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "orderStatus"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus: patx.v1.OrderStatus.$Shape; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "seriesList"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList: patx.v1.SeriesList.$Shape; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "subscribed"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed: patx.v1.Subscribed.$Shape; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "unsubscribed"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed: patx.v1.Unsubscribed.$Shape; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "bookSnapshot"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot: patx.v1.BookSnapshot.$Shape; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "bookUpdate"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate: patx.v1.BookUpdate.$Shape; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "quoteLadder"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder: patx.v1.QuoteLadder.$Shape; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "referencePrice"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice: patx.v1.ReferencePrice.$Shape; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "seriesStatus"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus: patx.v1.SeriesStatusUpdate.$Shape; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "trades"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades: patx.v1.Trades.$Shape; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "forwardCurve"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve: patx.v1.ForwardCurve.$Shape; syntheticMark?: null; settlementIndex?: null; optionModel?: null }|{ body?: "syntheticMark"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark: patx.v1.SyntheticMark.$Shape; settlementIndex?: null; optionModel?: null }|{ body?: "settlementIndex"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex: patx.v1.SettlementIndex.$Shape; optionModel?: null }|{ body?: "optionModel"; challenge?: null; loginAccepted?: null; heartbeat?: null; error?: null; commandAck?: null; executionReport?: null; forwardDelivery?: null; syntheticLiquidation?: null; syntheticSettlement?: null; subscriptionUpdate?: null; marginTopUp?: null; grantIssued?: null; accountView?: null; openOrders?: null; orderStatus?: null; seriesList?: null; subscribed?: null; unsubscribed?: null; bookSnapshot?: null; bookUpdate?: null; quoteLadder?: null; referencePrice?: null; seriesStatus?: null; trades?: null; forwardCurve?: null; syntheticMark?: null; settlementIndex?: null; optionModel: patx.v1.OptionModel.$Shape })
            );
        }

        /** Side enum. */
        enum Side {

            /** SIDE_UNSPECIFIED value */
            SIDE_UNSPECIFIED = 0,

            /** BUY value */
            BUY = 1,

            /** SELL value */
            SELL = 2
        }

        /** OrderType enum. */
        enum OrderType {

            /** ORDER_TYPE_UNSPECIFIED value */
            ORDER_TYPE_UNSPECIFIED = 0,

            /** LIMIT value */
            LIMIT = 1,

            /** MARKET value */
            MARKET = 2
        }

        /** TimeInForce enum. */
        enum TimeInForce {

            /** TIME_IN_FORCE_UNSPECIFIED value */
            TIME_IN_FORCE_UNSPECIFIED = 0,

            /** GTC value */
            GTC = 1,

            /** GTD value */
            GTD = 2,

            /** IOC value */
            IOC = 3,

            /** FOK value */
            FOK = 4
        }

        /** SelfTradePrevention enum. */
        enum SelfTradePrevention {

            /** SELF_TRADE_PREVENTION_UNSPECIFIED value */
            SELF_TRADE_PREVENTION_UNSPECIFIED = 0,

            /** CANCEL_NEWEST value */
            CANCEL_NEWEST = 1,

            /** CANCEL_OLDEST value */
            CANCEL_OLDEST = 2,

            /** CANCEL_BOTH value */
            CANCEL_BOTH = 3,

            /** DECREMENT value */
            DECREMENT = 4
        }

        /** Role enum. */
        enum Role {

            /** ROLE_UNSPECIFIED value */
            ROLE_UNSPECIFIED = 0,

            /** CONSUMER value */
            CONSUMER = 1,

            /** PROVIDER value */
            PROVIDER = 2,

            /** BROKER value */
            BROKER = 3,

            /** INSTITUTION value */
            INSTITUTION = 4,

            /** OPERATOR value */
            OPERATOR = 5
        }

        /** MassCancelScope enum. */
        enum MassCancelScope {

            /** MASS_CANCEL_SCOPE_UNSPECIFIED value */
            MASS_CANCEL_SCOPE_UNSPECIFIED = 0,

            /** ACCOUNT value */
            ACCOUNT = 1,

            /** SERIES value */
            SERIES = 2,

            /** ALL value */
            ALL = 3
        }

        /** SeriesKind enum. */
        enum SeriesKind {

            /** SERIES_KIND_UNSPECIFIED value */
            SERIES_KIND_UNSPECIFIED = 0,

            /** SPOT value */
            SPOT = 1,

            /** FORWARD value */
            FORWARD = 2,

            /** SYNTHETIC value */
            SYNTHETIC = 3,

            /** CALL value */
            CALL = 4,

            /** PUT value */
            PUT = 5
        }

        /** SeriesStatus enum. */
        enum SeriesStatus {

            /** SERIES_STATUS_UNSPECIFIED value */
            SERIES_STATUS_UNSPECIFIED = 0,

            /** TRADING value */
            TRADING = 1,

            /** HALTED value */
            HALTED = 2,

            /** EXPIRED value */
            EXPIRED = 3
        }

        /** ExecType enum. */
        enum ExecType {

            /** EXEC_TYPE_UNSPECIFIED value */
            EXEC_TYPE_UNSPECIFIED = 0,

            /** EXEC_NEW value */
            EXEC_NEW = 1,

            /** EXEC_TRADE value */
            EXEC_TRADE = 2,

            /** EXEC_CANCELED value */
            EXEC_CANCELED = 3,

            /** EXEC_REPLACED value */
            EXEC_REPLACED = 4,

            /** EXEC_REJECTED value */
            EXEC_REJECTED = 5,

            /** EXEC_EXPIRED value */
            EXEC_EXPIRED = 6
        }

        /** OrdStatus enum. */
        enum OrdStatus {

            /** ORD_STATUS_UNSPECIFIED value */
            ORD_STATUS_UNSPECIFIED = 0,

            /** ORDER_NEW value */
            ORDER_NEW = 1,

            /** ORDER_PARTIALLY_FILLED value */
            ORDER_PARTIALLY_FILLED = 2,

            /** ORDER_FILLED value */
            ORDER_FILLED = 3,

            /** ORDER_CANCELED value */
            ORDER_CANCELED = 4,

            /** ORDER_REJECTED value */
            ORDER_REJECTED = 5,

            /** ORDER_EXPIRED value */
            ORDER_EXPIRED = 6
        }

        /** CancelReason enum. */
        enum CancelReason {

            /** CANCEL_REASON_UNSPECIFIED value */
            CANCEL_REASON_UNSPECIFIED = 0,

            /** USER value */
            USER = 1,

            /** IOC_REMAINDER value */
            IOC_REMAINDER = 2,

            /** MARKET_PROTECTION value */
            MARKET_PROTECTION = 3,

            /** SELF_TRADE value */
            SELF_TRADE = 4,

            /** MASS_CANCEL value */
            MASS_CANCEL = 5,

            /** QUOTE_REPLACED value */
            QUOTE_REPLACED = 6,

            /** NO_LIQUIDITY value */
            NO_LIQUIDITY = 7,

            /** KILL_SWITCH value */
            KILL_SWITCH = 20,

            /** MARKET_MAKER_PROTECTION value */
            MARKET_MAKER_PROTECTION = 21,

            /** FORWARD_DELIVERY value */
            FORWARD_DELIVERY = 22,

            /** LIQUIDATION value */
            LIQUIDATION = 23,

            /** CANCEL_ON_DISCONNECT value */
            CANCEL_ON_DISCONNECT = 24
        }

        /** RejectReason enum. */
        enum RejectReason {

            /** NONE value */
            NONE = 0,

            /** UNKNOWN_ACCOUNT value */
            UNKNOWN_ACCOUNT = 1,

            /** UNKNOWN_SERIES value */
            UNKNOWN_SERIES = 2,

            /** UNKNOWN_ORDER value */
            UNKNOWN_ORDER = 3,

            /** INVALID_QUANTITY value */
            INVALID_QUANTITY = 4,

            /** INVALID_LOT value */
            INVALID_LOT = 5,

            /** INVALID_PRICE value */
            INVALID_PRICE = 6,

            /** INVALID_TICK value */
            INVALID_TICK = 7,

            /** PRICE_OUT_OF_LIMITS value */
            PRICE_OUT_OF_LIMITS = 8,

            /** QUANTITY_TOO_LARGE value */
            QUANTITY_TOO_LARGE = 9,

            /** INSUFFICIENT_BALANCE value */
            INSUFFICIENT_BALANCE = 10,

            /** INSUFFICIENT_RIGHTS value */
            INSUFFICIENT_RIGHTS = 11,

            /** ROLE_NOT_ALLOWED value */
            ROLE_NOT_ALLOWED = 12,

            /** SERIES_HALTED value */
            SERIES_HALTED = 13,

            /** SERIES_EXPIRED value */
            SERIES_EXPIRED = 14,

            /** SERIES_NOT_OPEN_YET value */
            SERIES_NOT_OPEN_YET = 15,

            /** DUPLICATE_CLIENT_ORDER_ID value */
            DUPLICATE_CLIENT_ORDER_ID = 16,

            /** POST_ONLY_WOULD_CROSS value */
            POST_ONLY_WOULD_CROSS = 17,

            /** FOK_NOT_FILLABLE value */
            FOK_NOT_FILLABLE = 18,

            /** NO_REFERENCE_PRICE value */
            NO_REFERENCE_PRICE = 19,

            /** INVALID_EXPIRY value */
            INVALID_EXPIRY = 20,

            /** INVALID_ORDER_TYPE value */
            INVALID_ORDER_TYPE = 21,

            /** KIND_NOT_OPEN value */
            KIND_NOT_OPEN = 22,

            /** BROKER_ALREADY_EXISTS value */
            BROKER_ALREADY_EXISTS = 23,

            /** DUPLICATE_DEPOSIT value */
            DUPLICATE_DEPOSIT = 24,

            /** CAPACITY_EXCEEDED value */
            CAPACITY_EXCEEDED = 25,

            /** INVALID_AMOUNT value */
            INVALID_AMOUNT = 26,

            /** BALANCE_LIMIT value */
            BALANCE_LIMIT = 27,

            /** SERIES_ALREADY_LISTED value */
            SERIES_ALREADY_LISTED = 28,

            /** INVALID_SERIES_SPEC value */
            INVALID_SERIES_SPEC = 29,

            /** EXPIRY_TOO_EARLY value */
            EXPIRY_TOO_EARLY = 30,

            /** INVALID_STATUS_CHANGE value */
            INVALID_STATUS_CHANGE = 31,

            /** NOT_ORDER_OWNER value */
            NOT_ORDER_OWNER = 32,

            /** AMEND_NO_CHANGE value */
            AMEND_NO_CHANGE = 33,

            /** QUOTE_CROSSED value */
            QUOTE_CROSSED = 34,

            /** TOO_MANY_QUOTE_LEVELS value */
            TOO_MANY_QUOTE_LEVELS = 35,

            /** WOULD_CROSS_OWN_QUOTES value */
            WOULD_CROSS_OWN_QUOTES = 36,

            /** TOO_MANY_OPEN_ORDERS value */
            TOO_MANY_OPEN_ORDERS = 37,

            /** UNKNOWN_WITHDRAWAL value */
            UNKNOWN_WITHDRAWAL = 38,

            /** INVALID_ADDRESS value */
            INVALID_ADDRESS = 39,

            /** INVALID_CONTRACT_KEY value */
            INVALID_CONTRACT_KEY = 40,

            /** NOT_EXERCISABLE value */
            NOT_EXERCISABLE = 41,

            /** BOOK_FULL value */
            BOOK_FULL = 42,

            /** KILL_SWITCH_ENGAGED value */
            KILL_SWITCH_ENGAGED = 50,

            /** THROTTLED value */
            THROTTLED = 51,

            /** PRICE_OUTSIDE_BAND value */
            PRICE_OUTSIDE_BAND = 52,

            /** ORDER_SIZE_LIMIT value */
            ORDER_SIZE_LIMIT = 53,

            /** POSITION_LIMIT value */
            POSITION_LIMIT = 54,

            /** INSUFFICIENT_COLLATERAL value */
            INSUFFICIENT_COLLATERAL = 55,

            /** EXPOSURE_LIMIT_SERIES value */
            EXPOSURE_LIMIT_SERIES = 56,

            /** EXPOSURE_LIMIT_WINDOW value */
            EXPOSURE_LIMIT_WINDOW = 57,

            /** MMP_TRIGGERED value */
            MMP_TRIGGERED = 58,

            /** UNKNOWN_PARAM value */
            UNKNOWN_PARAM = 59,

            /** PARAM_OUT_OF_RANGE value */
            PARAM_OUT_OF_RANGE = 60,

            /** KILL_SWITCH_UNCHANGED value */
            KILL_SWITCH_UNCHANGED = 61,

            /** MMP_NOT_TRIGGERED value */
            MMP_NOT_TRIGGERED = 62,

            /** UNKNOWN_RULES value */
            UNKNOWN_RULES = 63,

            /** RULES_NOT_MET value */
            RULES_NOT_MET = 64,

            /** PHASE_NOT_ENABLED value */
            PHASE_NOT_ENABLED = 70,

            /** INVALID_PHASE value */
            INVALID_PHASE = 71,

            /** SETTLEMENT_OUT_OF_ORDER value */
            SETTLEMENT_OUT_OF_ORDER = 72,

            /** INVALID_SETTLEMENT value */
            INVALID_SETTLEMENT = 73,

            /** TOO_MANY_PENDING_WITHDRAWALS value */
            TOO_MANY_PENDING_WITHDRAWALS = 74,

            /** ADDRESS_IN_USE value */
            ADDRESS_IN_USE = 90,

            /** NO_PUBLISHED_LISTING value */
            NO_PUBLISHED_LISTING = 100,

            /** INVALID_PROVIDER_LISTING value */
            INVALID_PROVIDER_LISTING = 101,

            /** INVALID_QUALIFICATION value */
            INVALID_QUALIFICATION = 110,

            /** INVALID_VERIFICATION value */
            INVALID_VERIFICATION = 111,

            /** PAYOUT_HELD_UNVERIFIED value */
            PAYOUT_HELD_UNVERIFIED = 112,

            /** NOT_A_FORWARD value */
            NOT_A_FORWARD = 120,

            /** SPOT_SERIES_NOT_LISTED value */
            SPOT_SERIES_NOT_LISTED = 121,

            /** DELIVERY_REQUIRED value */
            DELIVERY_REQUIRED = 122,

            /** INSTITUTION_REQUIRED value */
            INSTITUTION_REQUIRED = 130,

            /** UNDERLYING_NOT_LISTED value */
            UNDERLYING_NOT_LISTED = 131,

            /** NOT_A_SYNTHETIC value */
            NOT_A_SYNTHETIC = 132,

            /** INSUFFICIENT_MARGIN value */
            INSUFFICIENT_MARGIN = 133,

            /** UNKNOWN_GRANT value */
            UNKNOWN_GRANT = 140,

            /** NOT_YOUR_GRANT value */
            NOT_YOUR_GRANT = 141,

            /** ALREADY_DELIVERED value */
            ALREADY_DELIVERED = 142,

            /** CLAIM_EXISTS value */
            CLAIM_EXISTS = 143,

            /** DISPUTE_WINDOW_CLOSED value */
            DISPUTE_WINDOW_CLOSED = 144,

            /** ESCROW_NOT_DUE value */
            ESCROW_NOT_DUE = 145,

            /** NO_OPEN_CLAIM value */
            NO_OPEN_CLAIM = 146,

            /** CLAIM_OPEN value */
            CLAIM_OPEN = 147,

            /** ESCROW_CLOSED value */
            ESCROW_CLOSED = 148,

            /** UNKNOWN_SUBSCRIPTION value */
            UNKNOWN_SUBSCRIPTION = 150,

            /** NOT_YOUR_SUBSCRIPTION value */
            NOT_YOUR_SUBSCRIPTION = 151,

            /** INVALID_SUBSCRIPTION value */
            INVALID_SUBSCRIPTION = 152,

            /** SUBSCRIPTION_LIMIT value */
            SUBSCRIPTION_LIMIT = 153,

            /** SEATS_FULL value */
            SEATS_FULL = 154,

            /** NOT_PAUSED value */
            NOT_PAUSED = 155,

            /** INVALID_SEATS value */
            INVALID_SEATS = 156,

            /** EVIDENCE_OF_DELIVERY value */
            EVIDENCE_OF_DELIVERY = 160,

            /** NO_EVIDENCE value */
            NO_EVIDENCE = 161,

            /** DISPUTE_AWAITS_DECISION value */
            DISPUTE_AWAITS_DECISION = 162,

            /** NO_OPEN_DISPUTE value */
            NO_OPEN_DISPUTE = 163,

            /** INVALID_DECISION value */
            INVALID_DECISION = 164,

            /** INVALID_DISPUTE_REASON value */
            INVALID_DISPUTE_REASON = 165,

            /** RULES_TOO_OLD value */
            RULES_TOO_OLD = 166,

            /** UNKNOWN_TIER value */
            UNKNOWN_TIER = 200,

            /** INVALID_TIER value */
            INVALID_TIER = 201,

            /** TIER_SEATS_FULL value */
            TIER_SEATS_FULL = 202,

            /** TIER_NOT_QUOTED value */
            TIER_NOT_QUOTED = 203,

            /** ALREADY_IN_TIER value */
            ALREADY_IN_TIER = 204,

            /** UNKNOWN_TIER_SUBSCRIPTION value */
            UNKNOWN_TIER_SUBSCRIPTION = 205,

            /** INVALID_BUNDLE value */
            INVALID_BUNDLE = 206,

            /** BUNDLE_LEG_UNFILLABLE value */
            BUNDLE_LEG_UNFILLABLE = 207,

            /** BUNDLE_PRICE_MOVED value */
            BUNDLE_PRICE_MOVED = 208,

            /** LISTING_NOT_IN_SERIES value */
            LISTING_NOT_IN_SERIES = 210,

            /** LISTING_SUPPLY_SHORT value */
            LISTING_SUPPLY_SHORT = 211,

            /** UNKNOWN_ORGANISATION value */
            UNKNOWN_ORGANISATION = 190,

            /** NOT_ORGANISATION_ADMIN value */
            NOT_ORGANISATION_ADMIN = 191,

            /** ALREADY_IN_ORGANISATION value */
            ALREADY_IN_ORGANISATION = 192,

            /** ORGANISATION_FULL value */
            ORGANISATION_FULL = 193,

            /** LAST_ADMIN value */
            LAST_ADMIN = 194,

            /** NOT_A_MEMBER value */
            NOT_A_MEMBER = 195,

            /** INVALID_ORGANISATION value */
            INVALID_ORGANISATION = 196,

            /** ORGANISATION_NOT_EMPTY value */
            ORGANISATION_NOT_EMPTY = 197,

            /** USAGE_GRANT value */
            USAGE_GRANT = 170,

            /** NOT_USAGE_GRANT value */
            NOT_USAGE_GRANT = 171,

            /** INVALID_USAGE_TERMS value */
            INVALID_USAGE_TERMS = 172,

            /** UNKNOWN_INVITATION value */
            UNKNOWN_INVITATION = 240,

            /** INVITATIONS_FULL value */
            INVITATIONS_FULL = 241,

            /** ALREADY_INVITED value */
            ALREADY_INVITED = 242,

            /** INVITATION_EXPIRED value */
            INVITATION_EXPIRED = 243,

            /** CANCEL_ON_DISCONNECT_SESSIONS_FULL value */
            CANCEL_ON_DISCONNECT_SESSIONS_FULL = 250,

            /** NOT_FEE_RECIPIENT value */
            NOT_FEE_RECIPIENT = 260,

            /** FEE_ACCOUNT_SHORT value */
            FEE_ACCOUNT_SHORT = 261,

            /** INVALID_OPERATOR_NOTE value */
            INVALID_OPERATOR_NOTE = 270
        }

        /** ErrorCode enum. */
        enum ErrorCode {

            /** ERROR_CODE_UNSPECIFIED value */
            ERROR_CODE_UNSPECIFIED = 0,

            /** MALFORMED_FRAME value */
            MALFORMED_FRAME = 1,

            /** EMPTY_FRAME value */
            EMPTY_FRAME = 2,

            /** TEXT_FRAME value */
            TEXT_FRAME = 3,

            /** FRAME_TOO_LARGE value */
            FRAME_TOO_LARGE = 4,

            /** NOT_AUTHENTICATED value */
            NOT_AUTHENTICATED = 5,

            /** ALREADY_AUTHENTICATED value */
            ALREADY_AUTHENTICATED = 6,

            /** AUTH_FAILED value */
            AUTH_FAILED = 7,

            /** CHALLENGE_EXPIRED value */
            CHALLENGE_EXPIRED = 8,

            /** RATE_LIMITED value */
            RATE_LIMITED = 9,

            /** INVALID_FIELD value */
            INVALID_FIELD = 10,

            /** VALUE_OUT_OF_RANGE value */
            VALUE_OUT_OF_RANGE = 11,

            /** NOT_PERMITTED value */
            NOT_PERMITTED = 12,

            /** SERVER_BUSY value */
            SERVER_BUSY = 13,

            /** SERVICE_UNAVAILABLE value */
            SERVICE_UNAVAILABLE = 14,

            /** SERIES_NOT_FOUND value */
            SERIES_NOT_FOUND = 15,

            /** HEARTBEAT_TIMEOUT value */
            HEARTBEAT_TIMEOUT = 16,

            /** SLOW_CONSUMER value */
            SLOW_CONSUMER = 17,

            /** TOO_MANY_SUBSCRIPTIONS value */
            TOO_MANY_SUBSCRIPTIONS = 18,

            /** WRONG_ENDPOINT value */
            WRONG_ENDPOINT = 19,

            /** CONTRACT_NOT_FOUND value */
            CONTRACT_NOT_FOUND = 20,

            /** TOO_MANY_SESSIONS value */
            TOO_MANY_SESSIONS = 21,

            /** NO_ACCOUNT value */
            NO_ACCOUNT = 22,

            /** ACCOUNTS_FULL value */
            ACCOUNTS_FULL = 23,

            /** INSUFFICIENT_FREE_PAT value */
            INSUFFICIENT_FREE_PAT = 24,

            /** LOGIN_FORMAT_OUTDATED value */
            LOGIN_FORMAT_OUTDATED = 40,

            /** ROLE_FORBIDDEN value */
            ROLE_FORBIDDEN = 50,

            /** NOT_ORGANISATION_MEMBER value */
            NOT_ORGANISATION_MEMBER = 51
        }

        /** OrganisationRole enum. */
        enum OrganisationRole {

            /** ORGANISATION_ROLE_UNSPECIFIED value */
            ORGANISATION_ROLE_UNSPECIFIED = 0,

            /** ORG_ADMIN value */
            ORG_ADMIN = 1,

            /** ORG_TRADER value */
            ORG_TRADER = 2,

            /** ORG_READER value */
            ORG_READER = 3
        }

        /**
         * Properties of a Challenge.
         * @deprecated Use patx.v1.Challenge.$Properties instead.
         */
        interface IChallenge extends patx.v1.Challenge.$Properties {
        }

        /** Represents a Challenge. */
        class Challenge {

            /**
             * Constructs a new Challenge.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Challenge.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Challenge nonce. */
            nonce: Uint8Array;

            /** Challenge expiresAtMs. */
            expiresAtMs: number;

            /** Challenge signText. */
            signText: string;

            /** Challenge serverTimeMs. */
            serverTimeMs: number;

            /** Challenge domain. */
            domain: string;

            /** Challenge uri. */
            uri: string;

            /** Challenge chainId. */
            chainId: number;

            /** Challenge statement. */
            statement: string;

            /** Challenge siweNonce. */
            siweNonce: string;

            /** Challenge issuedAt. */
            issuedAt: string;

            /** Challenge expirationTime. */
            expirationTime: string;

            /**
             * Creates a new Challenge instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Challenge instance
             */
            static create(properties: patx.v1.Challenge.$Shape): patx.v1.Challenge & patx.v1.Challenge.$Shape;
            static create(properties?: patx.v1.Challenge.$Properties): patx.v1.Challenge;

            /**
             * Encodes the specified Challenge message. Does not implicitly {@link patx.v1.Challenge.verify|verify} messages.
             * @param message Challenge message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Challenge.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Challenge message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Challenge & patx.v1.Challenge.$Shape} Challenge
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Challenge & patx.v1.Challenge.$Shape;
        }

        namespace Challenge {

            /** Properties of a Challenge. */
            interface $Properties {

                /** Challenge nonce */
                nonce?: (Uint8Array|null);

                /** Challenge expiresAtMs */
                expiresAtMs?: (number|null);

                /** Challenge signText */
                signText?: (string|null);

                /** Challenge serverTimeMs */
                serverTimeMs?: (number|null);

                /** Challenge domain */
                domain?: (string|null);

                /** Challenge uri */
                uri?: (string|null);

                /** Challenge chainId */
                chainId?: (number|null);

                /** Challenge statement */
                statement?: (string|null);

                /** Challenge siweNonce */
                siweNonce?: (string|null);

                /** Challenge issuedAt */
                issuedAt?: (string|null);

                /** Challenge expirationTime */
                expirationTime?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Challenge. */
            type $Shape = patx.v1.Challenge.$Properties;
        }

        /**
         * Properties of a Login.
         * @deprecated Use patx.v1.Login.$Properties instead.
         */
        interface ILogin extends patx.v1.Login.$Properties {
        }

        /** Represents a Login. */
        class Login {

            /**
             * Constructs a new Login.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Login.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Login address. */
            address: string;

            /** Login signature. */
            signature: Uint8Array;

            /** Login operatorToken. */
            operatorToken: string;

            /** Login role. */
            role: patx.v1.Role;

            /** Login cancelOnDisconnect. */
            cancelOnDisconnect: boolean;

            /** Login organisationId. */
            organisationId: number;

            /** Login existingOnly. */
            existingOnly: boolean;

            /**
             * Creates a new Login instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Login instance
             */
            static create(properties: patx.v1.Login.$Shape): patx.v1.Login & patx.v1.Login.$Shape;
            static create(properties?: patx.v1.Login.$Properties): patx.v1.Login;

            /**
             * Encodes the specified Login message. Does not implicitly {@link patx.v1.Login.verify|verify} messages.
             * @param message Login message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Login.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Login message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Login & patx.v1.Login.$Shape} Login
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Login & patx.v1.Login.$Shape;
        }

        namespace Login {

            /** Properties of a Login. */
            interface $Properties {

                /** Login address */
                address?: (string|null);

                /** Login signature */
                signature?: (Uint8Array|null);

                /** Login operatorToken */
                operatorToken?: (string|null);

                /** Login role */
                role?: (patx.v1.Role|null);

                /** Login cancelOnDisconnect */
                cancelOnDisconnect?: (boolean|null);

                /** Login organisationId */
                organisationId?: (number|null);

                /** Login existingOnly */
                existingOnly?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Login. */
            type $Shape = patx.v1.Login.$Properties;
        }

        /**
         * Properties of a LoginAccepted.
         * @deprecated Use patx.v1.LoginAccepted.$Properties instead.
         */
        interface ILoginAccepted extends patx.v1.LoginAccepted.$Properties {
        }

        /** Represents a LoginAccepted. */
        class LoginAccepted {

            /**
             * Constructs a new LoginAccepted.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.LoginAccepted.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** LoginAccepted accountId. */
            accountId: number;

            /** LoginAccepted role. */
            role: patx.v1.Role;

            /** LoginAccepted address. */
            address: string;

            /** LoginAccepted heartbeatIntervalMs. */
            heartbeatIntervalMs: number;

            /** LoginAccepted heartbeatTimeoutMs. */
            heartbeatTimeoutMs: number;

            /** LoginAccepted maxMessagesPerSecond. */
            maxMessagesPerSecond: number;

            /** LoginAccepted cancelOnDisconnect. */
            cancelOnDisconnect: boolean;

            /** LoginAccepted accountOpened. */
            accountOpened: boolean;

            /** LoginAccepted organisationId. */
            organisationId: number;

            /** LoginAccepted organisationRole. */
            organisationRole: patx.v1.OrganisationRole;

            /**
             * Creates a new LoginAccepted instance using the specified properties.
             * @param [properties] Properties to set
             * @returns LoginAccepted instance
             */
            static create(properties: patx.v1.LoginAccepted.$Shape): patx.v1.LoginAccepted & patx.v1.LoginAccepted.$Shape;
            static create(properties?: patx.v1.LoginAccepted.$Properties): patx.v1.LoginAccepted;

            /**
             * Encodes the specified LoginAccepted message. Does not implicitly {@link patx.v1.LoginAccepted.verify|verify} messages.
             * @param message LoginAccepted message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.LoginAccepted.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a LoginAccepted message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.LoginAccepted & patx.v1.LoginAccepted.$Shape} LoginAccepted
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.LoginAccepted & patx.v1.LoginAccepted.$Shape;
        }

        namespace LoginAccepted {

            /** Properties of a LoginAccepted. */
            interface $Properties {

                /** LoginAccepted accountId */
                accountId?: (number|null);

                /** LoginAccepted role */
                role?: (patx.v1.Role|null);

                /** LoginAccepted address */
                address?: (string|null);

                /** LoginAccepted heartbeatIntervalMs */
                heartbeatIntervalMs?: (number|null);

                /** LoginAccepted heartbeatTimeoutMs */
                heartbeatTimeoutMs?: (number|null);

                /** LoginAccepted maxMessagesPerSecond */
                maxMessagesPerSecond?: (number|null);

                /** LoginAccepted cancelOnDisconnect */
                cancelOnDisconnect?: (boolean|null);

                /** LoginAccepted accountOpened */
                accountOpened?: (boolean|null);

                /** LoginAccepted organisationId */
                organisationId?: (number|null);

                /** LoginAccepted organisationRole */
                organisationRole?: (patx.v1.OrganisationRole|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a LoginAccepted. */
            type $Shape = patx.v1.LoginAccepted.$Properties;
        }

        /**
         * Properties of a Heartbeat.
         * @deprecated Use patx.v1.Heartbeat.$Properties instead.
         */
        interface IHeartbeat extends patx.v1.Heartbeat.$Properties {
        }

        /** Represents a Heartbeat. */
        class Heartbeat {

            /**
             * Constructs a new Heartbeat.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Heartbeat.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Heartbeat timeMs. */
            timeMs: number;

            /**
             * Creates a new Heartbeat instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Heartbeat instance
             */
            static create(properties: patx.v1.Heartbeat.$Shape): patx.v1.Heartbeat & patx.v1.Heartbeat.$Shape;
            static create(properties?: patx.v1.Heartbeat.$Properties): patx.v1.Heartbeat;

            /**
             * Encodes the specified Heartbeat message. Does not implicitly {@link patx.v1.Heartbeat.verify|verify} messages.
             * @param message Heartbeat message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Heartbeat.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Heartbeat message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Heartbeat & patx.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Heartbeat & patx.v1.Heartbeat.$Shape;
        }

        namespace Heartbeat {

            /** Properties of a Heartbeat. */
            interface $Properties {

                /** Heartbeat timeMs */
                timeMs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Heartbeat. */
            type $Shape = patx.v1.Heartbeat.$Properties;
        }

        /**
         * Properties of an Error.
         * @deprecated Use patx.v1.Error.$Properties instead.
         */
        interface IError extends patx.v1.Error.$Properties {
        }

        /** Represents an Error. */
        class Error {

            /**
             * Constructs a new Error.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Error.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Error code. */
            code: patx.v1.ErrorCode;

            /** Error message. */
            message: string;

            /** Error field. */
            field: string;

            /** Error retryAfterMs. */
            retryAfterMs: number;

            /**
             * Creates a new Error instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Error instance
             */
            static create(properties: patx.v1.Error.$Shape): patx.v1.Error & patx.v1.Error.$Shape;
            static create(properties?: patx.v1.Error.$Properties): patx.v1.Error;

            /**
             * Encodes the specified Error message. Does not implicitly {@link patx.v1.Error.verify|verify} messages.
             * @param message Error message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Error.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Error & patx.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Error & patx.v1.Error.$Shape;
        }

        namespace Error {

            /** Properties of an Error. */
            interface $Properties {

                /** Error code */
                code?: (patx.v1.ErrorCode|null);

                /** Error message */
                message?: (string|null);

                /** Error field */
                field?: (string|null);

                /** Error retryAfterMs */
                retryAfterMs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Error. */
            type $Shape = patx.v1.Error.$Properties;
        }

        /**
         * Properties of a NewOrder.
         * @deprecated Use patx.v1.NewOrder.$Properties instead.
         */
        interface INewOrder extends patx.v1.NewOrder.$Properties {
        }

        /** Represents a NewOrder. */
        class NewOrder {

            /**
             * Constructs a new NewOrder.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.NewOrder.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** NewOrder seriesId. */
            seriesId: number;

            /** NewOrder clientOrderId. */
            clientOrderId: number;

            /** NewOrder side. */
            side: patx.v1.Side;

            /** NewOrder orderType. */
            orderType: patx.v1.OrderType;

            /** NewOrder timeInForce. */
            timeInForce: patx.v1.TimeInForce;

            /** NewOrder priceMicros. */
            priceMicros: number;

            /** NewOrder qty. */
            qty: number;

            /** NewOrder expireAtMs. */
            expireAtMs: number;

            /** NewOrder postOnly. */
            postOnly: boolean;

            /** NewOrder selfTradePrevention. */
            selfTradePrevention: patx.v1.SelfTradePrevention;

            /**
             * Creates a new NewOrder instance using the specified properties.
             * @param [properties] Properties to set
             * @returns NewOrder instance
             */
            static create(properties: patx.v1.NewOrder.$Shape): patx.v1.NewOrder & patx.v1.NewOrder.$Shape;
            static create(properties?: patx.v1.NewOrder.$Properties): patx.v1.NewOrder;

            /**
             * Encodes the specified NewOrder message. Does not implicitly {@link patx.v1.NewOrder.verify|verify} messages.
             * @param message NewOrder message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.NewOrder.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a NewOrder message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.NewOrder & patx.v1.NewOrder.$Shape} NewOrder
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.NewOrder & patx.v1.NewOrder.$Shape;
        }

        namespace NewOrder {

            /** Properties of a NewOrder. */
            interface $Properties {

                /** NewOrder seriesId */
                seriesId?: (number|null);

                /** NewOrder clientOrderId */
                clientOrderId?: (number|null);

                /** NewOrder side */
                side?: (patx.v1.Side|null);

                /** NewOrder orderType */
                orderType?: (patx.v1.OrderType|null);

                /** NewOrder timeInForce */
                timeInForce?: (patx.v1.TimeInForce|null);

                /** NewOrder priceMicros */
                priceMicros?: (number|null);

                /** NewOrder qty */
                qty?: (number|null);

                /** NewOrder expireAtMs */
                expireAtMs?: (number|null);

                /** NewOrder postOnly */
                postOnly?: (boolean|null);

                /** NewOrder selfTradePrevention */
                selfTradePrevention?: (patx.v1.SelfTradePrevention|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a NewOrder. */
            type $Shape = patx.v1.NewOrder.$Properties;
        }

        /**
         * Properties of a CancelOrder.
         * @deprecated Use patx.v1.CancelOrder.$Properties instead.
         */
        interface ICancelOrder extends patx.v1.CancelOrder.$Properties {
        }

        /** Represents a CancelOrder. */
        class CancelOrder {

            /**
             * Constructs a new CancelOrder.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.CancelOrder.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CancelOrder orderId. */
            orderId: number;

            /** CancelOrder clientOrderId. */
            clientOrderId: number;

            /**
             * Creates a new CancelOrder instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CancelOrder instance
             */
            static create(properties: patx.v1.CancelOrder.$Shape): patx.v1.CancelOrder & patx.v1.CancelOrder.$Shape;
            static create(properties?: patx.v1.CancelOrder.$Properties): patx.v1.CancelOrder;

            /**
             * Encodes the specified CancelOrder message. Does not implicitly {@link patx.v1.CancelOrder.verify|verify} messages.
             * @param message CancelOrder message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.CancelOrder.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CancelOrder message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.CancelOrder & patx.v1.CancelOrder.$Shape} CancelOrder
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.CancelOrder & patx.v1.CancelOrder.$Shape;
        }

        namespace CancelOrder {

            /** Properties of a CancelOrder. */
            interface $Properties {

                /** CancelOrder orderId */
                orderId?: (number|null);

                /** CancelOrder clientOrderId */
                clientOrderId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CancelOrder. */
            type $Shape = patx.v1.CancelOrder.$Properties;
        }

        /**
         * Properties of an AmendOrder.
         * @deprecated Use patx.v1.AmendOrder.$Properties instead.
         */
        interface IAmendOrder extends patx.v1.AmendOrder.$Properties {
        }

        /** Represents an AmendOrder. */
        class AmendOrder {

            /**
             * Constructs a new AmendOrder.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.AmendOrder.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AmendOrder orderId. */
            orderId: number;

            /** AmendOrder newQty. */
            newQty: number;

            /** AmendOrder newPriceMicros. */
            newPriceMicros: number;

            /**
             * Creates a new AmendOrder instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AmendOrder instance
             */
            static create(properties: patx.v1.AmendOrder.$Shape): patx.v1.AmendOrder & patx.v1.AmendOrder.$Shape;
            static create(properties?: patx.v1.AmendOrder.$Properties): patx.v1.AmendOrder;

            /**
             * Encodes the specified AmendOrder message. Does not implicitly {@link patx.v1.AmendOrder.verify|verify} messages.
             * @param message AmendOrder message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.AmendOrder.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AmendOrder message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.AmendOrder & patx.v1.AmendOrder.$Shape} AmendOrder
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.AmendOrder & patx.v1.AmendOrder.$Shape;
        }

        namespace AmendOrder {

            /** Properties of an AmendOrder. */
            interface $Properties {

                /** AmendOrder orderId */
                orderId?: (number|null);

                /** AmendOrder newQty */
                newQty?: (number|null);

                /** AmendOrder newPriceMicros */
                newPriceMicros?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AmendOrder. */
            type $Shape = patx.v1.AmendOrder.$Properties;
        }

        /**
         * Properties of a MassCancel.
         * @deprecated Use patx.v1.MassCancel.$Properties instead.
         */
        interface IMassCancel extends patx.v1.MassCancel.$Properties {
        }

        /** Represents a MassCancel. */
        class MassCancel {

            /**
             * Constructs a new MassCancel.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.MassCancel.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MassCancel scope. */
            scope: patx.v1.MassCancelScope;

            /** MassCancel seriesId. */
            seriesId: number;

            /** MassCancel accountId. */
            accountId: number;

            /**
             * Creates a new MassCancel instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MassCancel instance
             */
            static create(properties: patx.v1.MassCancel.$Shape): patx.v1.MassCancel & patx.v1.MassCancel.$Shape;
            static create(properties?: patx.v1.MassCancel.$Properties): patx.v1.MassCancel;

            /**
             * Encodes the specified MassCancel message. Does not implicitly {@link patx.v1.MassCancel.verify|verify} messages.
             * @param message MassCancel message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.MassCancel.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MassCancel message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.MassCancel & patx.v1.MassCancel.$Shape} MassCancel
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.MassCancel & patx.v1.MassCancel.$Shape;
        }

        namespace MassCancel {

            /** Properties of a MassCancel. */
            interface $Properties {

                /** MassCancel scope */
                scope?: (patx.v1.MassCancelScope|null);

                /** MassCancel seriesId */
                seriesId?: (number|null);

                /** MassCancel accountId */
                accountId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MassCancel. */
            type $Shape = patx.v1.MassCancel.$Properties;
        }

        /**
         * Properties of a DeclareCapacity.
         * @deprecated Use patx.v1.DeclareCapacity.$Properties instead.
         */
        interface IDeclareCapacity extends patx.v1.DeclareCapacity.$Properties {
        }

        /** Represents a DeclareCapacity. */
        class DeclareCapacity {

            /**
             * Constructs a new DeclareCapacity.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.DeclareCapacity.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DeclareCapacity seriesId. */
            seriesId: number;

            /** DeclareCapacity capacity. */
            capacity: number;

            /**
             * Creates a new DeclareCapacity instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DeclareCapacity instance
             */
            static create(properties: patx.v1.DeclareCapacity.$Shape): patx.v1.DeclareCapacity & patx.v1.DeclareCapacity.$Shape;
            static create(properties?: patx.v1.DeclareCapacity.$Properties): patx.v1.DeclareCapacity;

            /**
             * Encodes the specified DeclareCapacity message. Does not implicitly {@link patx.v1.DeclareCapacity.verify|verify} messages.
             * @param message DeclareCapacity message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.DeclareCapacity.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DeclareCapacity message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.DeclareCapacity & patx.v1.DeclareCapacity.$Shape} DeclareCapacity
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.DeclareCapacity & patx.v1.DeclareCapacity.$Shape;
        }

        namespace DeclareCapacity {

            /** Properties of a DeclareCapacity. */
            interface $Properties {

                /** DeclareCapacity seriesId */
                seriesId?: (number|null);

                /** DeclareCapacity capacity */
                capacity?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a DeclareCapacity. */
            type $Shape = patx.v1.DeclareCapacity.$Properties;
        }

        /**
         * Properties of a Mint.
         * @deprecated Use patx.v1.Mint.$Properties instead.
         */
        interface IMint extends patx.v1.Mint.$Properties {
        }

        /** Represents a Mint. */
        class Mint {

            /**
             * Constructs a new Mint.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Mint.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Mint seriesId. */
            seriesId: number;

            /** Mint qty. */
            qty: number;

            /**
             * Creates a new Mint instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Mint instance
             */
            static create(properties: patx.v1.Mint.$Shape): patx.v1.Mint & patx.v1.Mint.$Shape;
            static create(properties?: patx.v1.Mint.$Properties): patx.v1.Mint;

            /**
             * Encodes the specified Mint message. Does not implicitly {@link patx.v1.Mint.verify|verify} messages.
             * @param message Mint message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Mint.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Mint message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Mint & patx.v1.Mint.$Shape} Mint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Mint & patx.v1.Mint.$Shape;
        }

        namespace Mint {

            /** Properties of a Mint. */
            interface $Properties {

                /** Mint seriesId */
                seriesId?: (number|null);

                /** Mint qty */
                qty?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Mint. */
            type $Shape = patx.v1.Mint.$Properties;
        }

        /**
         * Properties of an Exercise.
         * @deprecated Use patx.v1.Exercise.$Properties instead.
         */
        interface IExercise extends patx.v1.Exercise.$Properties {
        }

        /** Represents an Exercise. */
        class Exercise {

            /**
             * Constructs a new Exercise.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Exercise.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Exercise seriesId. */
            seriesId: number;

            /** Exercise qty. */
            qty: number;

            /** Exercise listingId. */
            listingId: number;

            /**
             * Creates a new Exercise instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Exercise instance
             */
            static create(properties: patx.v1.Exercise.$Shape): patx.v1.Exercise & patx.v1.Exercise.$Shape;
            static create(properties?: patx.v1.Exercise.$Properties): patx.v1.Exercise;

            /**
             * Encodes the specified Exercise message. Does not implicitly {@link patx.v1.Exercise.verify|verify} messages.
             * @param message Exercise message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Exercise.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Exercise message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Exercise & patx.v1.Exercise.$Shape} Exercise
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Exercise & patx.v1.Exercise.$Shape;
        }

        namespace Exercise {

            /** Properties of an Exercise. */
            interface $Properties {

                /** Exercise seriesId */
                seriesId?: (number|null);

                /** Exercise qty */
                qty?: (number|null);

                /** Exercise listingId */
                listingId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Exercise. */
            type $Shape = patx.v1.Exercise.$Properties;
        }

        /**
         * Properties of a RequestWithdrawal.
         * @deprecated Use patx.v1.RequestWithdrawal.$Properties instead.
         */
        interface IRequestWithdrawal extends patx.v1.RequestWithdrawal.$Properties {
        }

        /** Represents a RequestWithdrawal. */
        class RequestWithdrawal {

            /**
             * Constructs a new RequestWithdrawal.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.RequestWithdrawal.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RequestWithdrawal amountWei. */
            amountWei: string;

            /**
             * Creates a new RequestWithdrawal instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RequestWithdrawal instance
             */
            static create(properties: patx.v1.RequestWithdrawal.$Shape): patx.v1.RequestWithdrawal & patx.v1.RequestWithdrawal.$Shape;
            static create(properties?: patx.v1.RequestWithdrawal.$Properties): patx.v1.RequestWithdrawal;

            /**
             * Encodes the specified RequestWithdrawal message. Does not implicitly {@link patx.v1.RequestWithdrawal.verify|verify} messages.
             * @param message RequestWithdrawal message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.RequestWithdrawal.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RequestWithdrawal message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.RequestWithdrawal & patx.v1.RequestWithdrawal.$Shape} RequestWithdrawal
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.RequestWithdrawal & patx.v1.RequestWithdrawal.$Shape;
        }

        namespace RequestWithdrawal {

            /** Properties of a RequestWithdrawal. */
            interface $Properties {

                /** RequestWithdrawal amountWei */
                amountWei?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RequestWithdrawal. */
            type $Shape = patx.v1.RequestWithdrawal.$Properties;
        }

        /**
         * Properties of a CommandAck.
         * @deprecated Use patx.v1.CommandAck.$Properties instead.
         */
        interface ICommandAck extends patx.v1.CommandAck.$Properties {
        }

        /** Represents a CommandAck. */
        class CommandAck {

            /**
             * Constructs a new CommandAck.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.CommandAck.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CommandAck seq. */
            seq: number;

            /** CommandAck timeMs. */
            timeMs: number;

            /** CommandAck rejectReason. */
            rejectReason: patx.v1.RejectReason;

            /** CommandAck reports. */
            reports: patx.v1.ExecutionReport.$Properties[];

            /** CommandAck withdrawalId. */
            withdrawalId: number;

            /** CommandAck exerciseId. */
            exerciseId: number;

            /** CommandAck grants. */
            grants: patx.v1.AccessGrant.$Properties[];

            /** CommandAck subscriptionId. */
            subscriptionId: number;

            /**
             * Creates a new CommandAck instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CommandAck instance
             */
            static create(properties: patx.v1.CommandAck.$Shape): patx.v1.CommandAck & patx.v1.CommandAck.$Shape;
            static create(properties?: patx.v1.CommandAck.$Properties): patx.v1.CommandAck;

            /**
             * Encodes the specified CommandAck message. Does not implicitly {@link patx.v1.CommandAck.verify|verify} messages.
             * @param message CommandAck message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.CommandAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CommandAck message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.CommandAck & patx.v1.CommandAck.$Shape} CommandAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.CommandAck & patx.v1.CommandAck.$Shape;
        }

        namespace CommandAck {

            /** Properties of a CommandAck. */
            interface $Properties {

                /** CommandAck seq */
                seq?: (number|null);

                /** CommandAck timeMs */
                timeMs?: (number|null);

                /** CommandAck rejectReason */
                rejectReason?: (patx.v1.RejectReason|null);

                /** CommandAck reports */
                reports?: (patx.v1.ExecutionReport.$Properties[]|null);

                /** CommandAck withdrawalId */
                withdrawalId?: (number|null);

                /** CommandAck exerciseId */
                exerciseId?: (number|null);

                /** CommandAck grants */
                grants?: (patx.v1.AccessGrant.$Properties[]|null);

                /** CommandAck subscriptionId */
                subscriptionId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CommandAck. */
            type $Shape = patx.v1.CommandAck.$Properties;
        }

        /**
         * Properties of an AccessGrant.
         * @deprecated Use patx.v1.AccessGrant.$Properties instead.
         */
        interface IAccessGrant extends patx.v1.AccessGrant.$Properties {
        }

        /** Represents an AccessGrant. */
        class AccessGrant {

            /**
             * Constructs a new AccessGrant.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.AccessGrant.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AccessGrant grantId. */
            grantId: number;

            /** AccessGrant consumer. */
            consumer: string;

            /** AccessGrant provider. */
            provider: string;

            /** AccessGrant listingId. */
            listingId: number;

            /** AccessGrant listingVersion. */
            listingVersion: number;

            /** AccessGrant seriesId. */
            seriesId: number;

            /** AccessGrant windowOpenMs. */
            windowOpenMs: number;

            /** AccessGrant windowCloseMs. */
            windowCloseMs: number;

            /** AccessGrant quantity. */
            quantity: number;

            /** AccessGrant expiresAtMs. */
            expiresAtMs: number;

            /** AccessGrant nonce. */
            nonce: number;

            /** AccessGrant signature. */
            signature: Uint8Array;

            /**
             * Creates a new AccessGrant instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AccessGrant instance
             */
            static create(properties: patx.v1.AccessGrant.$Shape): patx.v1.AccessGrant & patx.v1.AccessGrant.$Shape;
            static create(properties?: patx.v1.AccessGrant.$Properties): patx.v1.AccessGrant;

            /**
             * Encodes the specified AccessGrant message. Does not implicitly {@link patx.v1.AccessGrant.verify|verify} messages.
             * @param message AccessGrant message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.AccessGrant.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AccessGrant message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.AccessGrant & patx.v1.AccessGrant.$Shape} AccessGrant
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.AccessGrant & patx.v1.AccessGrant.$Shape;
        }

        namespace AccessGrant {

            /** Properties of an AccessGrant. */
            interface $Properties {

                /** AccessGrant grantId */
                grantId?: (number|null);

                /** AccessGrant consumer */
                consumer?: (string|null);

                /** AccessGrant provider */
                provider?: (string|null);

                /** AccessGrant listingId */
                listingId?: (number|null);

                /** AccessGrant listingVersion */
                listingVersion?: (number|null);

                /** AccessGrant seriesId */
                seriesId?: (number|null);

                /** AccessGrant windowOpenMs */
                windowOpenMs?: (number|null);

                /** AccessGrant windowCloseMs */
                windowCloseMs?: (number|null);

                /** AccessGrant quantity */
                quantity?: (number|null);

                /** AccessGrant expiresAtMs */
                expiresAtMs?: (number|null);

                /** AccessGrant nonce */
                nonce?: (number|null);

                /** AccessGrant signature */
                signature?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AccessGrant. */
            type $Shape = patx.v1.AccessGrant.$Properties;
        }

        /**
         * Properties of an ExecutionReport.
         * @deprecated Use patx.v1.ExecutionReport.$Properties instead.
         */
        interface IExecutionReport extends patx.v1.ExecutionReport.$Properties {
        }

        /** Represents an ExecutionReport. */
        class ExecutionReport {

            /**
             * Constructs a new ExecutionReport.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.ExecutionReport.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ExecutionReport seq. */
            seq: number;

            /** ExecutionReport execType. */
            execType: patx.v1.ExecType;

            /** ExecutionReport ordStatus. */
            ordStatus: patx.v1.OrdStatus;

            /** ExecutionReport orderId. */
            orderId: number;

            /** ExecutionReport clientOrderId. */
            clientOrderId: number;

            /** ExecutionReport seriesId. */
            seriesId: number;

            /** ExecutionReport orderQty. */
            orderQty: number;

            /** ExecutionReport cumQty. */
            cumQty: number;

            /** ExecutionReport leavesQty. */
            leavesQty: number;

            /** ExecutionReport lastQty. */
            lastQty: number;

            /** ExecutionReport lastPriceMicros. */
            lastPriceMicros: number;

            /** ExecutionReport canceledQty. */
            canceledQty: number;

            /** ExecutionReport rejectReason. */
            rejectReason: patx.v1.RejectReason;

            /** ExecutionReport tradeId. */
            tradeId: number;

            /** ExecutionReport timeMs. */
            timeMs: number;

            /** ExecutionReport feeMicros. */
            feeMicros: number;

            /** ExecutionReport side. */
            side: patx.v1.Side;

            /** ExecutionReport priceMicros. */
            priceMicros: number;

            /**
             * Creates a new ExecutionReport instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ExecutionReport instance
             */
            static create(properties: patx.v1.ExecutionReport.$Shape): patx.v1.ExecutionReport & patx.v1.ExecutionReport.$Shape;
            static create(properties?: patx.v1.ExecutionReport.$Properties): patx.v1.ExecutionReport;

            /**
             * Encodes the specified ExecutionReport message. Does not implicitly {@link patx.v1.ExecutionReport.verify|verify} messages.
             * @param message ExecutionReport message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.ExecutionReport.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an ExecutionReport message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.ExecutionReport & patx.v1.ExecutionReport.$Shape} ExecutionReport
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.ExecutionReport & patx.v1.ExecutionReport.$Shape;
        }

        namespace ExecutionReport {

            /** Properties of an ExecutionReport. */
            interface $Properties {

                /** ExecutionReport seq */
                seq?: (number|null);

                /** ExecutionReport execType */
                execType?: (patx.v1.ExecType|null);

                /** ExecutionReport ordStatus */
                ordStatus?: (patx.v1.OrdStatus|null);

                /** ExecutionReport orderId */
                orderId?: (number|null);

                /** ExecutionReport clientOrderId */
                clientOrderId?: (number|null);

                /** ExecutionReport seriesId */
                seriesId?: (number|null);

                /** ExecutionReport orderQty */
                orderQty?: (number|null);

                /** ExecutionReport cumQty */
                cumQty?: (number|null);

                /** ExecutionReport leavesQty */
                leavesQty?: (number|null);

                /** ExecutionReport lastQty */
                lastQty?: (number|null);

                /** ExecutionReport lastPriceMicros */
                lastPriceMicros?: (number|null);

                /** ExecutionReport canceledQty */
                canceledQty?: (number|null);

                /** ExecutionReport rejectReason */
                rejectReason?: (patx.v1.RejectReason|null);

                /** ExecutionReport tradeId */
                tradeId?: (number|null);

                /** ExecutionReport timeMs */
                timeMs?: (number|null);

                /** ExecutionReport feeMicros */
                feeMicros?: (number|null);

                /** ExecutionReport side */
                side?: (patx.v1.Side|null);

                /** ExecutionReport priceMicros */
                priceMicros?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an ExecutionReport. */
            type $Shape = patx.v1.ExecutionReport.$Properties;
        }

        /**
         * Properties of an AccountQuery.
         * @deprecated Use patx.v1.AccountQuery.$Properties instead.
         */
        interface IAccountQuery extends patx.v1.AccountQuery.$Properties {
        }

        /** Represents an AccountQuery. */
        class AccountQuery {

            /**
             * Constructs a new AccountQuery.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.AccountQuery.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /**
             * Creates a new AccountQuery instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AccountQuery instance
             */
            static create(properties: patx.v1.AccountQuery.$Shape): patx.v1.AccountQuery & patx.v1.AccountQuery.$Shape;
            static create(properties?: patx.v1.AccountQuery.$Properties): patx.v1.AccountQuery;

            /**
             * Encodes the specified AccountQuery message. Does not implicitly {@link patx.v1.AccountQuery.verify|verify} messages.
             * @param message AccountQuery message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.AccountQuery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AccountQuery message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.AccountQuery & patx.v1.AccountQuery.$Shape} AccountQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.AccountQuery & patx.v1.AccountQuery.$Shape;
        }

        namespace AccountQuery {

            /** Properties of an AccountQuery. */
            interface $Properties {

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AccountQuery. */
            type $Shape = patx.v1.AccountQuery.$Properties;
        }

        /**
         * Properties of an AccountView.
         * @deprecated Use patx.v1.AccountView.$Properties instead.
         */
        interface IAccountView extends patx.v1.AccountView.$Properties {
        }

        /** Represents an AccountView. */
        class AccountView {

            /**
             * Constructs a new AccountView.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.AccountView.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AccountView accountId. */
            accountId: number;

            /** AccountView role. */
            role: patx.v1.Role;

            /** AccountView address. */
            address: string;

            /** AccountView availableWei. */
            availableWei: string;

            /** AccountView heldWei. */
            heldWei: string;

            /** AccountView pendingWithdrawalWei. */
            pendingWithdrawalWei: string;

            /** AccountView openOrders. */
            openOrders: number;

            /** AccountView positions. */
            positions: patx.v1.PositionView.$Properties[];

            /** AccountView asOfSeq. */
            asOfSeq: number;

            /** AccountView lockedWei. */
            lockedWei: string;

            /** AccountView verifiedProvider. */
            verifiedProvider: boolean;

            /** AccountView payoutsHeld. */
            payoutsHeld: boolean;

            /** AccountView ownDepositsWei. */
            ownDepositsWei: string;

            /**
             * Creates a new AccountView instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AccountView instance
             */
            static create(properties: patx.v1.AccountView.$Shape): patx.v1.AccountView & patx.v1.AccountView.$Shape;
            static create(properties?: patx.v1.AccountView.$Properties): patx.v1.AccountView;

            /**
             * Encodes the specified AccountView message. Does not implicitly {@link patx.v1.AccountView.verify|verify} messages.
             * @param message AccountView message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.AccountView.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AccountView message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.AccountView & patx.v1.AccountView.$Shape} AccountView
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.AccountView & patx.v1.AccountView.$Shape;
        }

        namespace AccountView {

            /** Properties of an AccountView. */
            interface $Properties {

                /** AccountView accountId */
                accountId?: (number|null);

                /** AccountView role */
                role?: (patx.v1.Role|null);

                /** AccountView address */
                address?: (string|null);

                /** AccountView availableWei */
                availableWei?: (string|null);

                /** AccountView heldWei */
                heldWei?: (string|null);

                /** AccountView pendingWithdrawalWei */
                pendingWithdrawalWei?: (string|null);

                /** AccountView openOrders */
                openOrders?: (number|null);

                /** AccountView positions */
                positions?: (patx.v1.PositionView.$Properties[]|null);

                /** AccountView asOfSeq */
                asOfSeq?: (number|null);

                /** AccountView lockedWei */
                lockedWei?: (string|null);

                /** AccountView verifiedProvider */
                verifiedProvider?: (boolean|null);

                /** AccountView payoutsHeld */
                payoutsHeld?: (boolean|null);

                /** AccountView ownDepositsWei */
                ownDepositsWei?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AccountView. */
            type $Shape = patx.v1.AccountView.$Properties;
        }

        /**
         * Properties of a PositionView.
         * @deprecated Use patx.v1.PositionView.$Properties instead.
         */
        interface IPositionView extends patx.v1.PositionView.$Properties {
        }

        /** Represents a PositionView. */
        class PositionView {

            /**
             * Constructs a new PositionView.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.PositionView.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** PositionView seriesId. */
            seriesId: number;

            /** PositionView available. */
            available: number;

            /** PositionView held. */
            held: number;

            /** PositionView capacity. */
            capacity: number;

            /** PositionView minted. */
            minted: number;

            /** PositionView exercised. */
            exercised: number;

            /** PositionView kind. */
            kind: patx.v1.SeriesKind;

            /** PositionView escrowWei. */
            escrowWei: string;

            /** PositionView collateralWei. */
            collateralWei: string;

            /** PositionView costWei. */
            costWei: string;

            /**
             * Creates a new PositionView instance using the specified properties.
             * @param [properties] Properties to set
             * @returns PositionView instance
             */
            static create(properties: patx.v1.PositionView.$Shape): patx.v1.PositionView & patx.v1.PositionView.$Shape;
            static create(properties?: patx.v1.PositionView.$Properties): patx.v1.PositionView;

            /**
             * Encodes the specified PositionView message. Does not implicitly {@link patx.v1.PositionView.verify|verify} messages.
             * @param message PositionView message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.PositionView.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a PositionView message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.PositionView & patx.v1.PositionView.$Shape} PositionView
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.PositionView & patx.v1.PositionView.$Shape;
        }

        namespace PositionView {

            /** Properties of a PositionView. */
            interface $Properties {

                /** PositionView seriesId */
                seriesId?: (number|null);

                /** PositionView available */
                available?: (number|null);

                /** PositionView held */
                held?: (number|null);

                /** PositionView capacity */
                capacity?: (number|null);

                /** PositionView minted */
                minted?: (number|null);

                /** PositionView exercised */
                exercised?: (number|null);

                /** PositionView kind */
                kind?: (patx.v1.SeriesKind|null);

                /** PositionView escrowWei */
                escrowWei?: (string|null);

                /** PositionView collateralWei */
                collateralWei?: (string|null);

                /** PositionView costWei */
                costWei?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a PositionView. */
            type $Shape = patx.v1.PositionView.$Properties;
        }

        /**
         * Properties of an OpenOrdersQuery.
         * @deprecated Use patx.v1.OpenOrdersQuery.$Properties instead.
         */
        interface IOpenOrdersQuery extends patx.v1.OpenOrdersQuery.$Properties {
        }

        /** Represents an OpenOrdersQuery. */
        class OpenOrdersQuery {

            /**
             * Constructs a new OpenOrdersQuery.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.OpenOrdersQuery.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** OpenOrdersQuery seriesId. */
            seriesId: number;

            /** OpenOrdersQuery limit. */
            limit: number;

            /** OpenOrdersQuery afterOrderId. */
            afterOrderId: number;

            /**
             * Creates a new OpenOrdersQuery instance using the specified properties.
             * @param [properties] Properties to set
             * @returns OpenOrdersQuery instance
             */
            static create(properties: patx.v1.OpenOrdersQuery.$Shape): patx.v1.OpenOrdersQuery & patx.v1.OpenOrdersQuery.$Shape;
            static create(properties?: patx.v1.OpenOrdersQuery.$Properties): patx.v1.OpenOrdersQuery;

            /**
             * Encodes the specified OpenOrdersQuery message. Does not implicitly {@link patx.v1.OpenOrdersQuery.verify|verify} messages.
             * @param message OpenOrdersQuery message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.OpenOrdersQuery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an OpenOrdersQuery message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.OpenOrdersQuery & patx.v1.OpenOrdersQuery.$Shape} OpenOrdersQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.OpenOrdersQuery & patx.v1.OpenOrdersQuery.$Shape;
        }

        namespace OpenOrdersQuery {

            /** Properties of an OpenOrdersQuery. */
            interface $Properties {

                /** OpenOrdersQuery seriesId */
                seriesId?: (number|null);

                /** OpenOrdersQuery limit */
                limit?: (number|null);

                /** OpenOrdersQuery afterOrderId */
                afterOrderId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an OpenOrdersQuery. */
            type $Shape = patx.v1.OpenOrdersQuery.$Properties;
        }

        /**
         * Properties of an OpenOrders.
         * @deprecated Use patx.v1.OpenOrders.$Properties instead.
         */
        interface IOpenOrders extends patx.v1.OpenOrders.$Properties {
        }

        /** Represents an OpenOrders. */
        class OpenOrders {

            /**
             * Constructs a new OpenOrders.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.OpenOrders.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** OpenOrders orders. */
            orders: patx.v1.OrderView.$Properties[];

            /** OpenOrders asOfSeq. */
            asOfSeq: number;

            /** OpenOrders nextAfterOrderId. */
            nextAfterOrderId: number;

            /**
             * Creates a new OpenOrders instance using the specified properties.
             * @param [properties] Properties to set
             * @returns OpenOrders instance
             */
            static create(properties: patx.v1.OpenOrders.$Shape): patx.v1.OpenOrders & patx.v1.OpenOrders.$Shape;
            static create(properties?: patx.v1.OpenOrders.$Properties): patx.v1.OpenOrders;

            /**
             * Encodes the specified OpenOrders message. Does not implicitly {@link patx.v1.OpenOrders.verify|verify} messages.
             * @param message OpenOrders message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.OpenOrders.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an OpenOrders message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.OpenOrders & patx.v1.OpenOrders.$Shape} OpenOrders
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.OpenOrders & patx.v1.OpenOrders.$Shape;
        }

        namespace OpenOrders {

            /** Properties of an OpenOrders. */
            interface $Properties {

                /** OpenOrders orders */
                orders?: (patx.v1.OrderView.$Properties[]|null);

                /** OpenOrders asOfSeq */
                asOfSeq?: (number|null);

                /** OpenOrders nextAfterOrderId */
                nextAfterOrderId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an OpenOrders. */
            type $Shape = patx.v1.OpenOrders.$Properties;
        }

        /**
         * Properties of an OrderView.
         * @deprecated Use patx.v1.OrderView.$Properties instead.
         */
        interface IOrderView extends patx.v1.OrderView.$Properties {
        }

        /** Represents an OrderView. */
        class OrderView {

            /**
             * Constructs a new OrderView.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.OrderView.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** OrderView orderId. */
            orderId: number;

            /** OrderView clientOrderId. */
            clientOrderId: number;

            /** OrderView seriesId. */
            seriesId: number;

            /** OrderView side. */
            side: patx.v1.Side;

            /** OrderView priceMicros. */
            priceMicros: number;

            /** OrderView orderQty. */
            orderQty: number;

            /** OrderView cumQty. */
            cumQty: number;

            /** OrderView leavesQty. */
            leavesQty: number;

            /** OrderView isQuote. */
            isQuote: boolean;

            /** OrderView timeInForce. */
            timeInForce: patx.v1.TimeInForce;

            /** OrderView postOnly. */
            postOnly: boolean;

            /** OrderView expireAtMs. */
            expireAtMs: number;

            /**
             * Creates a new OrderView instance using the specified properties.
             * @param [properties] Properties to set
             * @returns OrderView instance
             */
            static create(properties: patx.v1.OrderView.$Shape): patx.v1.OrderView & patx.v1.OrderView.$Shape;
            static create(properties?: patx.v1.OrderView.$Properties): patx.v1.OrderView;

            /**
             * Encodes the specified OrderView message. Does not implicitly {@link patx.v1.OrderView.verify|verify} messages.
             * @param message OrderView message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.OrderView.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an OrderView message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.OrderView & patx.v1.OrderView.$Shape} OrderView
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.OrderView & patx.v1.OrderView.$Shape;
        }

        namespace OrderView {

            /** Properties of an OrderView. */
            interface $Properties {

                /** OrderView orderId */
                orderId?: (number|null);

                /** OrderView clientOrderId */
                clientOrderId?: (number|null);

                /** OrderView seriesId */
                seriesId?: (number|null);

                /** OrderView side */
                side?: (patx.v1.Side|null);

                /** OrderView priceMicros */
                priceMicros?: (number|null);

                /** OrderView orderQty */
                orderQty?: (number|null);

                /** OrderView cumQty */
                cumQty?: (number|null);

                /** OrderView leavesQty */
                leavesQty?: (number|null);

                /** OrderView isQuote */
                isQuote?: (boolean|null);

                /** OrderView timeInForce */
                timeInForce?: (patx.v1.TimeInForce|null);

                /** OrderView postOnly */
                postOnly?: (boolean|null);

                /** OrderView expireAtMs */
                expireAtMs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an OrderView. */
            type $Shape = patx.v1.OrderView.$Properties;
        }

        /**
         * Properties of an OrderStatusQuery.
         * @deprecated Use patx.v1.OrderStatusQuery.$Properties instead.
         */
        interface IOrderStatusQuery extends patx.v1.OrderStatusQuery.$Properties {
        }

        /** Represents an OrderStatusQuery. */
        class OrderStatusQuery {

            /**
             * Constructs a new OrderStatusQuery.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.OrderStatusQuery.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** OrderStatusQuery orderId. */
            orderId: number;

            /** OrderStatusQuery clientOrderId. */
            clientOrderId: number;

            /**
             * Creates a new OrderStatusQuery instance using the specified properties.
             * @param [properties] Properties to set
             * @returns OrderStatusQuery instance
             */
            static create(properties: patx.v1.OrderStatusQuery.$Shape): patx.v1.OrderStatusQuery & patx.v1.OrderStatusQuery.$Shape;
            static create(properties?: patx.v1.OrderStatusQuery.$Properties): patx.v1.OrderStatusQuery;

            /**
             * Encodes the specified OrderStatusQuery message. Does not implicitly {@link patx.v1.OrderStatusQuery.verify|verify} messages.
             * @param message OrderStatusQuery message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.OrderStatusQuery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an OrderStatusQuery message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.OrderStatusQuery & patx.v1.OrderStatusQuery.$Shape} OrderStatusQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.OrderStatusQuery & patx.v1.OrderStatusQuery.$Shape;
        }

        namespace OrderStatusQuery {

            /** Properties of an OrderStatusQuery. */
            interface $Properties {

                /** OrderStatusQuery orderId */
                orderId?: (number|null);

                /** OrderStatusQuery clientOrderId */
                clientOrderId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an OrderStatusQuery. */
            type $Shape = patx.v1.OrderStatusQuery.$Properties;
        }

        /**
         * Properties of an OrderStatus.
         * @deprecated Use patx.v1.OrderStatus.$Properties instead.
         */
        interface IOrderStatus extends patx.v1.OrderStatus.$Properties {
        }

        /** Represents an OrderStatus. */
        class OrderStatus {

            /**
             * Constructs a new OrderStatus.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.OrderStatus.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** OrderStatus orderId. */
            orderId: number;

            /** OrderStatus clientOrderId. */
            clientOrderId: number;

            /** OrderStatus seriesId. */
            seriesId: number;

            /** OrderStatus side. */
            side: patx.v1.Side;

            /** OrderStatus orderType. */
            orderType: patx.v1.OrderType;

            /** OrderStatus timeInForce. */
            timeInForce: patx.v1.TimeInForce;

            /** OrderStatus postOnly. */
            postOnly: boolean;

            /** OrderStatus priceMicros. */
            priceMicros: number;

            /** OrderStatus orderQty. */
            orderQty: number;

            /** OrderStatus cumQty. */
            cumQty: number;

            /** OrderStatus leavesQty. */
            leavesQty: number;

            /** OrderStatus filledNotionalMicros. */
            filledNotionalMicros: number;

            /** OrderStatus feeMicros. */
            feeMicros: number;

            /** OrderStatus ordStatus. */
            ordStatus: patx.v1.OrdStatus;

            /** OrderStatus cancelReason. */
            cancelReason: patx.v1.CancelReason;

            /** OrderStatus rejectReason. */
            rejectReason: patx.v1.RejectReason;

            /** OrderStatus expireAtMs. */
            expireAtMs: number;

            /** OrderStatus createdSeq. */
            createdSeq: number;

            /** OrderStatus createdAtMs. */
            createdAtMs: number;

            /** OrderStatus updatedSeq. */
            updatedSeq: number;

            /** OrderStatus updatedAtMs. */
            updatedAtMs: number;

            /** OrderStatus asOfSeq. */
            asOfSeq: number;

            /**
             * Creates a new OrderStatus instance using the specified properties.
             * @param [properties] Properties to set
             * @returns OrderStatus instance
             */
            static create(properties: patx.v1.OrderStatus.$Shape): patx.v1.OrderStatus & patx.v1.OrderStatus.$Shape;
            static create(properties?: patx.v1.OrderStatus.$Properties): patx.v1.OrderStatus;

            /**
             * Encodes the specified OrderStatus message. Does not implicitly {@link patx.v1.OrderStatus.verify|verify} messages.
             * @param message OrderStatus message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.OrderStatus.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an OrderStatus message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.OrderStatus & patx.v1.OrderStatus.$Shape} OrderStatus
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.OrderStatus & patx.v1.OrderStatus.$Shape;
        }

        namespace OrderStatus {

            /** Properties of an OrderStatus. */
            interface $Properties {

                /** OrderStatus orderId */
                orderId?: (number|null);

                /** OrderStatus clientOrderId */
                clientOrderId?: (number|null);

                /** OrderStatus seriesId */
                seriesId?: (number|null);

                /** OrderStatus side */
                side?: (patx.v1.Side|null);

                /** OrderStatus orderType */
                orderType?: (patx.v1.OrderType|null);

                /** OrderStatus timeInForce */
                timeInForce?: (patx.v1.TimeInForce|null);

                /** OrderStatus postOnly */
                postOnly?: (boolean|null);

                /** OrderStatus priceMicros */
                priceMicros?: (number|null);

                /** OrderStatus orderQty */
                orderQty?: (number|null);

                /** OrderStatus cumQty */
                cumQty?: (number|null);

                /** OrderStatus leavesQty */
                leavesQty?: (number|null);

                /** OrderStatus filledNotionalMicros */
                filledNotionalMicros?: (number|null);

                /** OrderStatus feeMicros */
                feeMicros?: (number|null);

                /** OrderStatus ordStatus */
                ordStatus?: (patx.v1.OrdStatus|null);

                /** OrderStatus cancelReason */
                cancelReason?: (patx.v1.CancelReason|null);

                /** OrderStatus rejectReason */
                rejectReason?: (patx.v1.RejectReason|null);

                /** OrderStatus expireAtMs */
                expireAtMs?: (number|null);

                /** OrderStatus createdSeq */
                createdSeq?: (number|null);

                /** OrderStatus createdAtMs */
                createdAtMs?: (number|null);

                /** OrderStatus updatedSeq */
                updatedSeq?: (number|null);

                /** OrderStatus updatedAtMs */
                updatedAtMs?: (number|null);

                /** OrderStatus asOfSeq */
                asOfSeq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an OrderStatus. */
            type $Shape = patx.v1.OrderStatus.$Properties;
        }

        /**
         * Properties of a SeriesQuery.
         * @deprecated Use patx.v1.SeriesQuery.$Properties instead.
         */
        interface ISeriesQuery extends patx.v1.SeriesQuery.$Properties {
        }

        /** Represents a SeriesQuery. */
        class SeriesQuery {

            /**
             * Constructs a new SeriesQuery.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SeriesQuery.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /**
             * Creates a new SeriesQuery instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SeriesQuery instance
             */
            static create(properties: patx.v1.SeriesQuery.$Shape): patx.v1.SeriesQuery & patx.v1.SeriesQuery.$Shape;
            static create(properties?: patx.v1.SeriesQuery.$Properties): patx.v1.SeriesQuery;

            /**
             * Encodes the specified SeriesQuery message. Does not implicitly {@link patx.v1.SeriesQuery.verify|verify} messages.
             * @param message SeriesQuery message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SeriesQuery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SeriesQuery message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SeriesQuery & patx.v1.SeriesQuery.$Shape} SeriesQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SeriesQuery & patx.v1.SeriesQuery.$Shape;
        }

        namespace SeriesQuery {

            /** Properties of a SeriesQuery. */
            interface $Properties {

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SeriesQuery. */
            type $Shape = patx.v1.SeriesQuery.$Properties;
        }

        /**
         * Properties of a SeriesList.
         * @deprecated Use patx.v1.SeriesList.$Properties instead.
         */
        interface ISeriesList extends patx.v1.SeriesList.$Properties {
        }

        /** Represents a SeriesList. */
        class SeriesList {

            /**
             * Constructs a new SeriesList.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SeriesList.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SeriesList series. */
            series: patx.v1.SeriesInfo.$Properties[];

            /**
             * Creates a new SeriesList instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SeriesList instance
             */
            static create(properties: patx.v1.SeriesList.$Shape): patx.v1.SeriesList & patx.v1.SeriesList.$Shape;
            static create(properties?: patx.v1.SeriesList.$Properties): patx.v1.SeriesList;

            /**
             * Encodes the specified SeriesList message. Does not implicitly {@link patx.v1.SeriesList.verify|verify} messages.
             * @param message SeriesList message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SeriesList.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SeriesList message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SeriesList & patx.v1.SeriesList.$Shape} SeriesList
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SeriesList & patx.v1.SeriesList.$Shape;
        }

        namespace SeriesList {

            /** Properties of a SeriesList. */
            interface $Properties {

                /** SeriesList series */
                series?: (patx.v1.SeriesInfo.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SeriesList. */
            type $Shape = patx.v1.SeriesList.$Properties;
        }

        /**
         * Properties of a SeriesInfo.
         * @deprecated Use patx.v1.SeriesInfo.$Properties instead.
         */
        interface ISeriesInfo extends patx.v1.SeriesInfo.$Properties {
        }

        /** Represents a SeriesInfo. */
        class SeriesInfo {

            /**
             * Constructs a new SeriesInfo.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SeriesInfo.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SeriesInfo seriesId. */
            seriesId: number;

            /** SeriesInfo contract. */
            contract: string;

            /** SeriesInfo kind. */
            kind: patx.v1.SeriesKind;

            /** SeriesInfo status. */
            status: patx.v1.SeriesStatus;

            /** SeriesInfo openAtMs. */
            openAtMs: number;

            /** SeriesInfo closeAtMs. */
            closeAtMs: number;

            /** SeriesInfo tickMicros. */
            tickMicros: number;

            /** SeriesInfo lotSize. */
            lotSize: number;

            /** SeriesInfo minPriceMicros. */
            minPriceMicros: number;

            /** SeriesInfo maxPriceMicros. */
            maxPriceMicros: number;

            /** SeriesInfo maxOrderQty. */
            maxOrderQty: number;

            /** SeriesInfo referencePriceMicros. */
            referencePriceMicros: number;

            /** SeriesInfo lastTradeMicros. */
            lastTradeMicros: number;

            /** SeriesInfo delivery. */
            delivery: patx.v1.DeliveryState;

            /** SeriesInfo strikeMicros. */
            strikeMicros: number;

            /** SeriesInfo spotSeriesId. */
            spotSeriesId: number;

            /**
             * Creates a new SeriesInfo instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SeriesInfo instance
             */
            static create(properties: patx.v1.SeriesInfo.$Shape): patx.v1.SeriesInfo & patx.v1.SeriesInfo.$Shape;
            static create(properties?: patx.v1.SeriesInfo.$Properties): patx.v1.SeriesInfo;

            /**
             * Encodes the specified SeriesInfo message. Does not implicitly {@link patx.v1.SeriesInfo.verify|verify} messages.
             * @param message SeriesInfo message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SeriesInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SeriesInfo message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SeriesInfo & patx.v1.SeriesInfo.$Shape} SeriesInfo
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SeriesInfo & patx.v1.SeriesInfo.$Shape;
        }

        namespace SeriesInfo {

            /** Properties of a SeriesInfo. */
            interface $Properties {

                /** SeriesInfo seriesId */
                seriesId?: (number|null);

                /** SeriesInfo contract */
                contract?: (string|null);

                /** SeriesInfo kind */
                kind?: (patx.v1.SeriesKind|null);

                /** SeriesInfo status */
                status?: (patx.v1.SeriesStatus|null);

                /** SeriesInfo openAtMs */
                openAtMs?: (number|null);

                /** SeriesInfo closeAtMs */
                closeAtMs?: (number|null);

                /** SeriesInfo tickMicros */
                tickMicros?: (number|null);

                /** SeriesInfo lotSize */
                lotSize?: (number|null);

                /** SeriesInfo minPriceMicros */
                minPriceMicros?: (number|null);

                /** SeriesInfo maxPriceMicros */
                maxPriceMicros?: (number|null);

                /** SeriesInfo maxOrderQty */
                maxOrderQty?: (number|null);

                /** SeriesInfo referencePriceMicros */
                referencePriceMicros?: (number|null);

                /** SeriesInfo lastTradeMicros */
                lastTradeMicros?: (number|null);

                /** SeriesInfo delivery */
                delivery?: (patx.v1.DeliveryState|null);

                /** SeriesInfo strikeMicros */
                strikeMicros?: (number|null);

                /** SeriesInfo spotSeriesId */
                spotSeriesId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SeriesInfo. */
            type $Shape = patx.v1.SeriesInfo.$Properties;
        }

        /** DeliveryState enum. */
        enum DeliveryState {

            /** DELIVERY_STATE_UNSPECIFIED value */
            DELIVERY_STATE_UNSPECIFIED = 0,

            /** DELIVERY_PENDING value */
            DELIVERY_PENDING = 1,

            /** DELIVERING_PROVIDERS value */
            DELIVERING_PROVIDERS = 2,

            /** DELIVERING_BUYERS value */
            DELIVERING_BUYERS = 3,

            /** DELIVERED value */
            DELIVERED = 4
        }

        /** Channel enum. */
        enum Channel {

            /** CHANNEL_UNSPECIFIED value */
            CHANNEL_UNSPECIFIED = 0,

            /** BOOK value */
            BOOK = 1,

            /** TRADES value */
            TRADES = 2,

            /** QUOTES value */
            QUOTES = 3,

            /** REFERENCE value */
            REFERENCE = 4,

            /** STATUS value */
            STATUS = 5,

            /** FORWARD_CURVE value */
            FORWARD_CURVE = 6,

            /** SETTLEMENT value */
            SETTLEMENT = 7,

            /** OPTION value */
            OPTION = 8
        }

        /**
         * Properties of a Subscribe.
         * @deprecated Use patx.v1.Subscribe.$Properties instead.
         */
        interface ISubscribe extends patx.v1.Subscribe.$Properties {
        }

        /** Represents a Subscribe. */
        class Subscribe {

            /**
             * Constructs a new Subscribe.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Subscribe.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Subscribe seriesId. */
            seriesId: number;

            /** Subscribe channels. */
            channels: patx.v1.Channel[];

            /** Subscribe contract. */
            contract: string;

            /**
             * Creates a new Subscribe instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Subscribe instance
             */
            static create(properties: patx.v1.Subscribe.$Shape): patx.v1.Subscribe & patx.v1.Subscribe.$Shape;
            static create(properties?: patx.v1.Subscribe.$Properties): patx.v1.Subscribe;

            /**
             * Encodes the specified Subscribe message. Does not implicitly {@link patx.v1.Subscribe.verify|verify} messages.
             * @param message Subscribe message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Subscribe.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Subscribe message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Subscribe & patx.v1.Subscribe.$Shape} Subscribe
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Subscribe & patx.v1.Subscribe.$Shape;
        }

        namespace Subscribe {

            /** Properties of a Subscribe. */
            interface $Properties {

                /** Subscribe seriesId */
                seriesId?: (number|null);

                /** Subscribe channels */
                channels?: (patx.v1.Channel[]|null);

                /** Subscribe contract */
                contract?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Subscribe. */
            type $Shape = patx.v1.Subscribe.$Properties;
        }

        /**
         * Properties of an Unsubscribe.
         * @deprecated Use patx.v1.Unsubscribe.$Properties instead.
         */
        interface IUnsubscribe extends patx.v1.Unsubscribe.$Properties {
        }

        /** Represents an Unsubscribe. */
        class Unsubscribe {

            /**
             * Constructs a new Unsubscribe.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Unsubscribe.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Unsubscribe seriesId. */
            seriesId: number;

            /** Unsubscribe channels. */
            channels: patx.v1.Channel[];

            /** Unsubscribe contract. */
            contract: string;

            /**
             * Creates a new Unsubscribe instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Unsubscribe instance
             */
            static create(properties: patx.v1.Unsubscribe.$Shape): patx.v1.Unsubscribe & patx.v1.Unsubscribe.$Shape;
            static create(properties?: patx.v1.Unsubscribe.$Properties): patx.v1.Unsubscribe;

            /**
             * Encodes the specified Unsubscribe message. Does not implicitly {@link patx.v1.Unsubscribe.verify|verify} messages.
             * @param message Unsubscribe message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Unsubscribe.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Unsubscribe message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Unsubscribe & patx.v1.Unsubscribe.$Shape} Unsubscribe
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Unsubscribe & patx.v1.Unsubscribe.$Shape;
        }

        namespace Unsubscribe {

            /** Properties of an Unsubscribe. */
            interface $Properties {

                /** Unsubscribe seriesId */
                seriesId?: (number|null);

                /** Unsubscribe channels */
                channels?: (patx.v1.Channel[]|null);

                /** Unsubscribe contract */
                contract?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Unsubscribe. */
            type $Shape = patx.v1.Unsubscribe.$Properties;
        }

        /**
         * Properties of a Subscribed.
         * @deprecated Use patx.v1.Subscribed.$Properties instead.
         */
        interface ISubscribed extends patx.v1.Subscribed.$Properties {
        }

        /** Represents a Subscribed. */
        class Subscribed {

            /**
             * Constructs a new Subscribed.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Subscribed.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Subscribed seriesId. */
            seriesId: number;

            /** Subscribed streams. */
            streams: patx.v1.StreamPosition.$Properties[];

            /** Subscribed contract. */
            contract: string;

            /**
             * Creates a new Subscribed instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Subscribed instance
             */
            static create(properties: patx.v1.Subscribed.$Shape): patx.v1.Subscribed & patx.v1.Subscribed.$Shape;
            static create(properties?: patx.v1.Subscribed.$Properties): patx.v1.Subscribed;

            /**
             * Encodes the specified Subscribed message. Does not implicitly {@link patx.v1.Subscribed.verify|verify} messages.
             * @param message Subscribed message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Subscribed.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Subscribed message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Subscribed & patx.v1.Subscribed.$Shape} Subscribed
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Subscribed & patx.v1.Subscribed.$Shape;
        }

        namespace Subscribed {

            /** Properties of a Subscribed. */
            interface $Properties {

                /** Subscribed seriesId */
                seriesId?: (number|null);

                /** Subscribed streams */
                streams?: (patx.v1.StreamPosition.$Properties[]|null);

                /** Subscribed contract */
                contract?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Subscribed. */
            type $Shape = patx.v1.Subscribed.$Properties;
        }

        /**
         * Properties of a StreamPosition.
         * @deprecated Use patx.v1.StreamPosition.$Properties instead.
         */
        interface IStreamPosition extends patx.v1.StreamPosition.$Properties {
        }

        /** Represents a StreamPosition. */
        class StreamPosition {

            /**
             * Constructs a new StreamPosition.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.StreamPosition.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** StreamPosition channel. */
            channel: patx.v1.Channel;

            /** StreamPosition seq. */
            seq: number;

            /**
             * Creates a new StreamPosition instance using the specified properties.
             * @param [properties] Properties to set
             * @returns StreamPosition instance
             */
            static create(properties: patx.v1.StreamPosition.$Shape): patx.v1.StreamPosition & patx.v1.StreamPosition.$Shape;
            static create(properties?: patx.v1.StreamPosition.$Properties): patx.v1.StreamPosition;

            /**
             * Encodes the specified StreamPosition message. Does not implicitly {@link patx.v1.StreamPosition.verify|verify} messages.
             * @param message StreamPosition message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.StreamPosition.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a StreamPosition message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.StreamPosition & patx.v1.StreamPosition.$Shape} StreamPosition
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.StreamPosition & patx.v1.StreamPosition.$Shape;
        }

        namespace StreamPosition {

            /** Properties of a StreamPosition. */
            interface $Properties {

                /** StreamPosition channel */
                channel?: (patx.v1.Channel|null);

                /** StreamPosition seq */
                seq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a StreamPosition. */
            type $Shape = patx.v1.StreamPosition.$Properties;
        }

        /**
         * Properties of an Unsubscribed.
         * @deprecated Use patx.v1.Unsubscribed.$Properties instead.
         */
        interface IUnsubscribed extends patx.v1.Unsubscribed.$Properties {
        }

        /** Represents an Unsubscribed. */
        class Unsubscribed {

            /**
             * Constructs a new Unsubscribed.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Unsubscribed.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Unsubscribed seriesId. */
            seriesId: number;

            /** Unsubscribed channels. */
            channels: patx.v1.Channel[];

            /** Unsubscribed contract. */
            contract: string;

            /**
             * Creates a new Unsubscribed instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Unsubscribed instance
             */
            static create(properties: patx.v1.Unsubscribed.$Shape): patx.v1.Unsubscribed & patx.v1.Unsubscribed.$Shape;
            static create(properties?: patx.v1.Unsubscribed.$Properties): patx.v1.Unsubscribed;

            /**
             * Encodes the specified Unsubscribed message. Does not implicitly {@link patx.v1.Unsubscribed.verify|verify} messages.
             * @param message Unsubscribed message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Unsubscribed.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Unsubscribed message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Unsubscribed & patx.v1.Unsubscribed.$Shape} Unsubscribed
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Unsubscribed & patx.v1.Unsubscribed.$Shape;
        }

        namespace Unsubscribed {

            /** Properties of an Unsubscribed. */
            interface $Properties {

                /** Unsubscribed seriesId */
                seriesId?: (number|null);

                /** Unsubscribed channels */
                channels?: (patx.v1.Channel[]|null);

                /** Unsubscribed contract */
                contract?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Unsubscribed. */
            type $Shape = patx.v1.Unsubscribed.$Properties;
        }

        /**
         * Properties of a Level.
         * @deprecated Use patx.v1.Level.$Properties instead.
         */
        interface ILevel extends patx.v1.Level.$Properties {
        }

        /** Represents a Level. */
        class Level {

            /**
             * Constructs a new Level.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Level.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Level priceMicros. */
            priceMicros: number;

            /** Level qty. */
            qty: number;

            /**
             * Creates a new Level instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Level instance
             */
            static create(properties: patx.v1.Level.$Shape): patx.v1.Level & patx.v1.Level.$Shape;
            static create(properties?: patx.v1.Level.$Properties): patx.v1.Level;

            /**
             * Encodes the specified Level message. Does not implicitly {@link patx.v1.Level.verify|verify} messages.
             * @param message Level message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Level.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Level message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Level & patx.v1.Level.$Shape} Level
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Level & patx.v1.Level.$Shape;
        }

        namespace Level {

            /** Properties of a Level. */
            interface $Properties {

                /** Level priceMicros */
                priceMicros?: (number|null);

                /** Level qty */
                qty?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Level. */
            type $Shape = patx.v1.Level.$Properties;
        }

        /**
         * Properties of a BookSnapshot.
         * @deprecated Use patx.v1.BookSnapshot.$Properties instead.
         */
        interface IBookSnapshot extends patx.v1.BookSnapshot.$Properties {
        }

        /** Represents a BookSnapshot. */
        class BookSnapshot {

            /**
             * Constructs a new BookSnapshot.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.BookSnapshot.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** BookSnapshot seriesId. */
            seriesId: number;

            /** BookSnapshot seq. */
            seq: number;

            /** BookSnapshot bids. */
            bids: patx.v1.Level.$Properties[];

            /** BookSnapshot asks. */
            asks: patx.v1.Level.$Properties[];

            /** BookSnapshot checksum. */
            checksum: number;

            /**
             * Creates a new BookSnapshot instance using the specified properties.
             * @param [properties] Properties to set
             * @returns BookSnapshot instance
             */
            static create(properties: patx.v1.BookSnapshot.$Shape): patx.v1.BookSnapshot & patx.v1.BookSnapshot.$Shape;
            static create(properties?: patx.v1.BookSnapshot.$Properties): patx.v1.BookSnapshot;

            /**
             * Encodes the specified BookSnapshot message. Does not implicitly {@link patx.v1.BookSnapshot.verify|verify} messages.
             * @param message BookSnapshot message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.BookSnapshot.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a BookSnapshot message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.BookSnapshot & patx.v1.BookSnapshot.$Shape} BookSnapshot
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.BookSnapshot & patx.v1.BookSnapshot.$Shape;
        }

        namespace BookSnapshot {

            /** Properties of a BookSnapshot. */
            interface $Properties {

                /** BookSnapshot seriesId */
                seriesId?: (number|null);

                /** BookSnapshot seq */
                seq?: (number|null);

                /** BookSnapshot bids */
                bids?: (patx.v1.Level.$Properties[]|null);

                /** BookSnapshot asks */
                asks?: (patx.v1.Level.$Properties[]|null);

                /** BookSnapshot checksum */
                checksum?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a BookSnapshot. */
            type $Shape = patx.v1.BookSnapshot.$Properties;
        }

        /**
         * Properties of a BookUpdate.
         * @deprecated Use patx.v1.BookUpdate.$Properties instead.
         */
        interface IBookUpdate extends patx.v1.BookUpdate.$Properties {
        }

        /** Represents a BookUpdate. */
        class BookUpdate {

            /**
             * Constructs a new BookUpdate.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.BookUpdate.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** BookUpdate seriesId. */
            seriesId: number;

            /** BookUpdate seq. */
            seq: number;

            /** BookUpdate bids. */
            bids: patx.v1.Level.$Properties[];

            /** BookUpdate asks. */
            asks: patx.v1.Level.$Properties[];

            /** BookUpdate checksum. */
            checksum: number;

            /** BookUpdate engineSeq. */
            engineSeq: number;

            /** BookUpdate prevSeq. */
            prevSeq: number;

            /**
             * Creates a new BookUpdate instance using the specified properties.
             * @param [properties] Properties to set
             * @returns BookUpdate instance
             */
            static create(properties: patx.v1.BookUpdate.$Shape): patx.v1.BookUpdate & patx.v1.BookUpdate.$Shape;
            static create(properties?: patx.v1.BookUpdate.$Properties): patx.v1.BookUpdate;

            /**
             * Encodes the specified BookUpdate message. Does not implicitly {@link patx.v1.BookUpdate.verify|verify} messages.
             * @param message BookUpdate message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.BookUpdate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a BookUpdate message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.BookUpdate & patx.v1.BookUpdate.$Shape} BookUpdate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.BookUpdate & patx.v1.BookUpdate.$Shape;
        }

        namespace BookUpdate {

            /** Properties of a BookUpdate. */
            interface $Properties {

                /** BookUpdate seriesId */
                seriesId?: (number|null);

                /** BookUpdate seq */
                seq?: (number|null);

                /** BookUpdate bids */
                bids?: (patx.v1.Level.$Properties[]|null);

                /** BookUpdate asks */
                asks?: (patx.v1.Level.$Properties[]|null);

                /** BookUpdate checksum */
                checksum?: (number|null);

                /** BookUpdate engineSeq */
                engineSeq?: (number|null);

                /** BookUpdate prevSeq */
                prevSeq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a BookUpdate. */
            type $Shape = patx.v1.BookUpdate.$Properties;
        }

        /**
         * Properties of a Trade.
         * @deprecated Use patx.v1.Trade.$Properties instead.
         */
        interface ITrade extends patx.v1.Trade.$Properties {
        }

        /** Represents a Trade. */
        class Trade {

            /**
             * Constructs a new Trade.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Trade.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Trade seriesId. */
            seriesId: number;

            /** Trade seq. */
            seq: number;

            /** Trade tradeId. */
            tradeId: number;

            /** Trade priceMicros. */
            priceMicros: number;

            /** Trade qty. */
            qty: number;

            /** Trade takerSide. */
            takerSide: patx.v1.Side;

            /** Trade timeMs. */
            timeMs: number;

            /** Trade prevSeq. */
            prevSeq: number;

            /**
             * Creates a new Trade instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Trade instance
             */
            static create(properties: patx.v1.Trade.$Shape): patx.v1.Trade & patx.v1.Trade.$Shape;
            static create(properties?: patx.v1.Trade.$Properties): patx.v1.Trade;

            /**
             * Encodes the specified Trade message. Does not implicitly {@link patx.v1.Trade.verify|verify} messages.
             * @param message Trade message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Trade.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Trade message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Trade & patx.v1.Trade.$Shape} Trade
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Trade & patx.v1.Trade.$Shape;
        }

        namespace Trade {

            /** Properties of a Trade. */
            interface $Properties {

                /** Trade seriesId */
                seriesId?: (number|null);

                /** Trade seq */
                seq?: (number|null);

                /** Trade tradeId */
                tradeId?: (number|null);

                /** Trade priceMicros */
                priceMicros?: (number|null);

                /** Trade qty */
                qty?: (number|null);

                /** Trade takerSide */
                takerSide?: (patx.v1.Side|null);

                /** Trade timeMs */
                timeMs?: (number|null);

                /** Trade prevSeq */
                prevSeq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Trade. */
            type $Shape = patx.v1.Trade.$Properties;
        }

        /**
         * Properties of a Trades.
         * @deprecated Use patx.v1.Trades.$Properties instead.
         */
        interface ITrades extends patx.v1.Trades.$Properties {
        }

        /** Represents a Trades. */
        class Trades {

            /**
             * Constructs a new Trades.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.Trades.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Trades trades. */
            trades: patx.v1.Trade.$Properties[];

            /**
             * Creates a new Trades instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Trades instance
             */
            static create(properties: patx.v1.Trades.$Shape): patx.v1.Trades & patx.v1.Trades.$Shape;
            static create(properties?: patx.v1.Trades.$Properties): patx.v1.Trades;

            /**
             * Encodes the specified Trades message. Does not implicitly {@link patx.v1.Trades.verify|verify} messages.
             * @param message Trades message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.Trades.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Trades message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.Trades & patx.v1.Trades.$Shape} Trades
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.Trades & patx.v1.Trades.$Shape;
        }

        namespace Trades {

            /** Properties of a Trades. */
            interface $Properties {

                /** Trades trades */
                trades?: (patx.v1.Trade.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Trades. */
            type $Shape = patx.v1.Trades.$Properties;
        }

        /**
         * Properties of a QuoteLadder.
         * @deprecated Use patx.v1.QuoteLadder.$Properties instead.
         */
        interface IQuoteLadder extends patx.v1.QuoteLadder.$Properties {
        }

        /** Represents a QuoteLadder. */
        class QuoteLadder {

            /**
             * Constructs a new QuoteLadder.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.QuoteLadder.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** QuoteLadder seriesId. */
            seriesId: number;

            /** QuoteLadder seq. */
            seq: number;

            /** QuoteLadder bids. */
            bids: patx.v1.Level.$Properties[];

            /** QuoteLadder asks. */
            asks: patx.v1.Level.$Properties[];

            /** QuoteLadder timeMs. */
            timeMs: number;

            /** QuoteLadder prevSeq. */
            prevSeq: number;

            /** QuoteLadder takerFeeBps. */
            takerFeeBps: number;

            /** QuoteLadder takeRateBps. */
            takeRateBps: number;

            /**
             * Creates a new QuoteLadder instance using the specified properties.
             * @param [properties] Properties to set
             * @returns QuoteLadder instance
             */
            static create(properties: patx.v1.QuoteLadder.$Shape): patx.v1.QuoteLadder & patx.v1.QuoteLadder.$Shape;
            static create(properties?: patx.v1.QuoteLadder.$Properties): patx.v1.QuoteLadder;

            /**
             * Encodes the specified QuoteLadder message. Does not implicitly {@link patx.v1.QuoteLadder.verify|verify} messages.
             * @param message QuoteLadder message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.QuoteLadder.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a QuoteLadder message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.QuoteLadder & patx.v1.QuoteLadder.$Shape} QuoteLadder
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.QuoteLadder & patx.v1.QuoteLadder.$Shape;
        }

        namespace QuoteLadder {

            /** Properties of a QuoteLadder. */
            interface $Properties {

                /** QuoteLadder seriesId */
                seriesId?: (number|null);

                /** QuoteLadder seq */
                seq?: (number|null);

                /** QuoteLadder bids */
                bids?: (patx.v1.Level.$Properties[]|null);

                /** QuoteLadder asks */
                asks?: (patx.v1.Level.$Properties[]|null);

                /** QuoteLadder timeMs */
                timeMs?: (number|null);

                /** QuoteLadder prevSeq */
                prevSeq?: (number|null);

                /** QuoteLadder takerFeeBps */
                takerFeeBps?: (number|null);

                /** QuoteLadder takeRateBps */
                takeRateBps?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a QuoteLadder. */
            type $Shape = patx.v1.QuoteLadder.$Properties;
        }

        /**
         * Properties of a ReferencePrice.
         * @deprecated Use patx.v1.ReferencePrice.$Properties instead.
         */
        interface IReferencePrice extends patx.v1.ReferencePrice.$Properties {
        }

        /** Represents a ReferencePrice. */
        class ReferencePrice {

            /**
             * Constructs a new ReferencePrice.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.ReferencePrice.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ReferencePrice seriesId. */
            seriesId: number;

            /** ReferencePrice seq. */
            seq: number;

            /** ReferencePrice priceMicros. */
            priceMicros: number;

            /** ReferencePrice timeMs. */
            timeMs: number;

            /** ReferencePrice prevSeq. */
            prevSeq: number;

            /**
             * Creates a new ReferencePrice instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ReferencePrice instance
             */
            static create(properties: patx.v1.ReferencePrice.$Shape): patx.v1.ReferencePrice & patx.v1.ReferencePrice.$Shape;
            static create(properties?: patx.v1.ReferencePrice.$Properties): patx.v1.ReferencePrice;

            /**
             * Encodes the specified ReferencePrice message. Does not implicitly {@link patx.v1.ReferencePrice.verify|verify} messages.
             * @param message ReferencePrice message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.ReferencePrice.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ReferencePrice message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.ReferencePrice & patx.v1.ReferencePrice.$Shape} ReferencePrice
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.ReferencePrice & patx.v1.ReferencePrice.$Shape;
        }

        namespace ReferencePrice {

            /** Properties of a ReferencePrice. */
            interface $Properties {

                /** ReferencePrice seriesId */
                seriesId?: (number|null);

                /** ReferencePrice seq */
                seq?: (number|null);

                /** ReferencePrice priceMicros */
                priceMicros?: (number|null);

                /** ReferencePrice timeMs */
                timeMs?: (number|null);

                /** ReferencePrice prevSeq */
                prevSeq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ReferencePrice. */
            type $Shape = patx.v1.ReferencePrice.$Properties;
        }

        /**
         * Properties of a SeriesStatusUpdate.
         * @deprecated Use patx.v1.SeriesStatusUpdate.$Properties instead.
         */
        interface ISeriesStatusUpdate extends patx.v1.SeriesStatusUpdate.$Properties {
        }

        /** Represents a SeriesStatusUpdate. */
        class SeriesStatusUpdate {

            /**
             * Constructs a new SeriesStatusUpdate.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SeriesStatusUpdate.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SeriesStatusUpdate seriesId. */
            seriesId: number;

            /** SeriesStatusUpdate seq. */
            seq: number;

            /** SeriesStatusUpdate status. */
            status: patx.v1.SeriesStatus;

            /** SeriesStatusUpdate timeMs. */
            timeMs: number;

            /** SeriesStatusUpdate prevSeq. */
            prevSeq: number;

            /**
             * Creates a new SeriesStatusUpdate instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SeriesStatusUpdate instance
             */
            static create(properties: patx.v1.SeriesStatusUpdate.$Shape): patx.v1.SeriesStatusUpdate & patx.v1.SeriesStatusUpdate.$Shape;
            static create(properties?: patx.v1.SeriesStatusUpdate.$Properties): patx.v1.SeriesStatusUpdate;

            /**
             * Encodes the specified SeriesStatusUpdate message. Does not implicitly {@link patx.v1.SeriesStatusUpdate.verify|verify} messages.
             * @param message SeriesStatusUpdate message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SeriesStatusUpdate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SeriesStatusUpdate message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SeriesStatusUpdate & patx.v1.SeriesStatusUpdate.$Shape} SeriesStatusUpdate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SeriesStatusUpdate & patx.v1.SeriesStatusUpdate.$Shape;
        }

        namespace SeriesStatusUpdate {

            /** Properties of a SeriesStatusUpdate. */
            interface $Properties {

                /** SeriesStatusUpdate seriesId */
                seriesId?: (number|null);

                /** SeriesStatusUpdate seq */
                seq?: (number|null);

                /** SeriesStatusUpdate status */
                status?: (patx.v1.SeriesStatus|null);

                /** SeriesStatusUpdate timeMs */
                timeMs?: (number|null);

                /** SeriesStatusUpdate prevSeq */
                prevSeq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SeriesStatusUpdate. */
            type $Shape = patx.v1.SeriesStatusUpdate.$Properties;
        }

        /**
         * Properties of a ForwardCurve.
         * @deprecated Use patx.v1.ForwardCurve.$Properties instead.
         */
        interface IForwardCurve extends patx.v1.ForwardCurve.$Properties {
        }

        /** Represents a ForwardCurve. */
        class ForwardCurve {

            /**
             * Constructs a new ForwardCurve.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.ForwardCurve.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ForwardCurve contract. */
            contract: string;

            /** ForwardCurve seq. */
            seq: number;

            /** ForwardCurve points. */
            points: patx.v1.CurvePoint.$Properties[];

            /** ForwardCurve timeMs. */
            timeMs: number;

            /** ForwardCurve prevSeq. */
            prevSeq: number;

            /**
             * Creates a new ForwardCurve instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ForwardCurve instance
             */
            static create(properties: patx.v1.ForwardCurve.$Shape): patx.v1.ForwardCurve & patx.v1.ForwardCurve.$Shape;
            static create(properties?: patx.v1.ForwardCurve.$Properties): patx.v1.ForwardCurve;

            /**
             * Encodes the specified ForwardCurve message. Does not implicitly {@link patx.v1.ForwardCurve.verify|verify} messages.
             * @param message ForwardCurve message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.ForwardCurve.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ForwardCurve message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.ForwardCurve & patx.v1.ForwardCurve.$Shape} ForwardCurve
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.ForwardCurve & patx.v1.ForwardCurve.$Shape;
        }

        namespace ForwardCurve {

            /** Properties of a ForwardCurve. */
            interface $Properties {

                /** ForwardCurve contract */
                contract?: (string|null);

                /** ForwardCurve seq */
                seq?: (number|null);

                /** ForwardCurve points */
                points?: (patx.v1.CurvePoint.$Properties[]|null);

                /** ForwardCurve timeMs */
                timeMs?: (number|null);

                /** ForwardCurve prevSeq */
                prevSeq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ForwardCurve. */
            type $Shape = patx.v1.ForwardCurve.$Properties;
        }

        /**
         * Properties of a CurvePoint.
         * @deprecated Use patx.v1.CurvePoint.$Properties instead.
         */
        interface ICurvePoint extends patx.v1.CurvePoint.$Properties {
        }

        /** Represents a CurvePoint. */
        class CurvePoint {

            /**
             * Constructs a new CurvePoint.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.CurvePoint.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CurvePoint seriesId. */
            seriesId: number;

            /** CurvePoint kind. */
            kind: patx.v1.SeriesKind;

            /** CurvePoint openAtMs. */
            openAtMs: number;

            /** CurvePoint closeAtMs. */
            closeAtMs: number;

            /** CurvePoint bidMicros. */
            bidMicros: number;

            /** CurvePoint askMicros. */
            askMicros: number;

            /** CurvePoint midMicros. */
            midMicros: number;

            /**
             * Creates a new CurvePoint instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CurvePoint instance
             */
            static create(properties: patx.v1.CurvePoint.$Shape): patx.v1.CurvePoint & patx.v1.CurvePoint.$Shape;
            static create(properties?: patx.v1.CurvePoint.$Properties): patx.v1.CurvePoint;

            /**
             * Encodes the specified CurvePoint message. Does not implicitly {@link patx.v1.CurvePoint.verify|verify} messages.
             * @param message CurvePoint message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.CurvePoint.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CurvePoint message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.CurvePoint & patx.v1.CurvePoint.$Shape} CurvePoint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.CurvePoint & patx.v1.CurvePoint.$Shape;
        }

        namespace CurvePoint {

            /** Properties of a CurvePoint. */
            interface $Properties {

                /** CurvePoint seriesId */
                seriesId?: (number|null);

                /** CurvePoint kind */
                kind?: (patx.v1.SeriesKind|null);

                /** CurvePoint openAtMs */
                openAtMs?: (number|null);

                /** CurvePoint closeAtMs */
                closeAtMs?: (number|null);

                /** CurvePoint bidMicros */
                bidMicros?: (number|null);

                /** CurvePoint askMicros */
                askMicros?: (number|null);

                /** CurvePoint midMicros */
                midMicros?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CurvePoint. */
            type $Shape = patx.v1.CurvePoint.$Properties;
        }

        /**
         * Properties of a ForwardDelivery.
         * @deprecated Use patx.v1.ForwardDelivery.$Properties instead.
         */
        interface IForwardDelivery extends patx.v1.ForwardDelivery.$Properties {
        }

        /** Represents a ForwardDelivery. */
        class ForwardDelivery {

            /**
             * Constructs a new ForwardDelivery.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.ForwardDelivery.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ForwardDelivery seq. */
            seq: number;

            /** ForwardDelivery timeMs. */
            timeMs: number;

            /** ForwardDelivery seriesId. */
            seriesId: number;

            /** ForwardDelivery spotSeriesId. */
            spotSeriesId: number;

            /** ForwardDelivery accountId. */
            accountId: number;

            /** ForwardDelivery counterpartyId. */
            counterpartyId: number;

            /** ForwardDelivery positionQty. */
            positionQty: number;

            /** ForwardDelivery deliveredQty. */
            deliveredQty: number;

            /** ForwardDelivery shortfallQty. */
            shortfallQty: number;

            /** ForwardDelivery proceedsMicros. */
            proceedsMicros: number;

            /** ForwardDelivery collateralReturnedMicros. */
            collateralReturnedMicros: number;

            /** ForwardDelivery refundMicros. */
            refundMicros: number;

            /** ForwardDelivery compensationMicros. */
            compensationMicros: number;

            /**
             * Creates a new ForwardDelivery instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ForwardDelivery instance
             */
            static create(properties: patx.v1.ForwardDelivery.$Shape): patx.v1.ForwardDelivery & patx.v1.ForwardDelivery.$Shape;
            static create(properties?: patx.v1.ForwardDelivery.$Properties): patx.v1.ForwardDelivery;

            /**
             * Encodes the specified ForwardDelivery message. Does not implicitly {@link patx.v1.ForwardDelivery.verify|verify} messages.
             * @param message ForwardDelivery message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.ForwardDelivery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ForwardDelivery message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.ForwardDelivery & patx.v1.ForwardDelivery.$Shape} ForwardDelivery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.ForwardDelivery & patx.v1.ForwardDelivery.$Shape;
        }

        namespace ForwardDelivery {

            /** Properties of a ForwardDelivery. */
            interface $Properties {

                /** ForwardDelivery seq */
                seq?: (number|null);

                /** ForwardDelivery timeMs */
                timeMs?: (number|null);

                /** ForwardDelivery seriesId */
                seriesId?: (number|null);

                /** ForwardDelivery spotSeriesId */
                spotSeriesId?: (number|null);

                /** ForwardDelivery accountId */
                accountId?: (number|null);

                /** ForwardDelivery counterpartyId */
                counterpartyId?: (number|null);

                /** ForwardDelivery positionQty */
                positionQty?: (number|null);

                /** ForwardDelivery deliveredQty */
                deliveredQty?: (number|null);

                /** ForwardDelivery shortfallQty */
                shortfallQty?: (number|null);

                /** ForwardDelivery proceedsMicros */
                proceedsMicros?: (number|null);

                /** ForwardDelivery collateralReturnedMicros */
                collateralReturnedMicros?: (number|null);

                /** ForwardDelivery refundMicros */
                refundMicros?: (number|null);

                /** ForwardDelivery compensationMicros */
                compensationMicros?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ForwardDelivery. */
            type $Shape = patx.v1.ForwardDelivery.$Properties;
        }

        /** SettlementIndexMethod enum. */
        enum SettlementIndexMethod {

            /** SETTLEMENT_INDEX_METHOD_UNSPECIFIED value */
            SETTLEMENT_INDEX_METHOD_UNSPECIFIED = 0,

            /** MID_TRADE_BLEND value */
            MID_TRADE_BLEND = 1,

            /** TRADE_VWAP value */
            TRADE_VWAP = 2,

            /** LAST_TRADE value */
            LAST_TRADE = 3,

            /** REFERENCE_PRICE value */
            REFERENCE_PRICE = 4
        }

        /**
         * Properties of a SyntheticMark.
         * @deprecated Use patx.v1.SyntheticMark.$Properties instead.
         */
        interface ISyntheticMark extends patx.v1.SyntheticMark.$Properties {
        }

        /** Represents a SyntheticMark. */
        class SyntheticMark {

            /**
             * Constructs a new SyntheticMark.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SyntheticMark.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SyntheticMark seriesId. */
            seriesId: number;

            /** SyntheticMark seq. */
            seq: number;

            /** SyntheticMark markAtMs. */
            markAtMs: number;

            /** SyntheticMark markMicros. */
            markMicros: number;

            /** SyntheticMark method. */
            method: patx.v1.SettlementIndexMethod;

            /** SyntheticMark holders. */
            holders: number;

            /** SyntheticMark liquidations. */
            liquidations: number;

            /** SyntheticMark timeMs. */
            timeMs: number;

            /** SyntheticMark prevSeq. */
            prevSeq: number;

            /**
             * Creates a new SyntheticMark instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SyntheticMark instance
             */
            static create(properties: patx.v1.SyntheticMark.$Shape): patx.v1.SyntheticMark & patx.v1.SyntheticMark.$Shape;
            static create(properties?: patx.v1.SyntheticMark.$Properties): patx.v1.SyntheticMark;

            /**
             * Encodes the specified SyntheticMark message. Does not implicitly {@link patx.v1.SyntheticMark.verify|verify} messages.
             * @param message SyntheticMark message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SyntheticMark.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SyntheticMark message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SyntheticMark & patx.v1.SyntheticMark.$Shape} SyntheticMark
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SyntheticMark & patx.v1.SyntheticMark.$Shape;
        }

        namespace SyntheticMark {

            /** Properties of a SyntheticMark. */
            interface $Properties {

                /** SyntheticMark seriesId */
                seriesId?: (number|null);

                /** SyntheticMark seq */
                seq?: (number|null);

                /** SyntheticMark markAtMs */
                markAtMs?: (number|null);

                /** SyntheticMark markMicros */
                markMicros?: (number|null);

                /** SyntheticMark method */
                method?: (patx.v1.SettlementIndexMethod|null);

                /** SyntheticMark holders */
                holders?: (number|null);

                /** SyntheticMark liquidations */
                liquidations?: (number|null);

                /** SyntheticMark timeMs */
                timeMs?: (number|null);

                /** SyntheticMark prevSeq */
                prevSeq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SyntheticMark. */
            type $Shape = patx.v1.SyntheticMark.$Properties;
        }

        /**
         * Properties of a SettlementIndex.
         * @deprecated Use patx.v1.SettlementIndex.$Properties instead.
         */
        interface ISettlementIndex extends patx.v1.SettlementIndex.$Properties {
        }

        /** Represents a SettlementIndex. */
        class SettlementIndex {

            /**
             * Constructs a new SettlementIndex.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SettlementIndex.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SettlementIndex seriesId. */
            seriesId: number;

            /** SettlementIndex seq. */
            seq: number;

            /** SettlementIndex spotSeriesId. */
            spotSeriesId: number;

            /** SettlementIndex cutoffAtMs. */
            cutoffAtMs: number;

            /** SettlementIndex indexMicros. */
            indexMicros: number;

            /** SettlementIndex method. */
            method: patx.v1.SettlementIndexMethod;

            /** SettlementIndex twapMidMicros. */
            twapMidMicros: number;

            /** SettlementIndex tradeVwapMicros. */
            tradeVwapMicros: number;

            /** SettlementIndex tradeQty. */
            tradeQty: number;

            /** SettlementIndex timeMs. */
            timeMs: number;

            /** SettlementIndex prevSeq. */
            prevSeq: number;

            /**
             * Creates a new SettlementIndex instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SettlementIndex instance
             */
            static create(properties: patx.v1.SettlementIndex.$Shape): patx.v1.SettlementIndex & patx.v1.SettlementIndex.$Shape;
            static create(properties?: patx.v1.SettlementIndex.$Properties): patx.v1.SettlementIndex;

            /**
             * Encodes the specified SettlementIndex message. Does not implicitly {@link patx.v1.SettlementIndex.verify|verify} messages.
             * @param message SettlementIndex message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SettlementIndex.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SettlementIndex message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SettlementIndex & patx.v1.SettlementIndex.$Shape} SettlementIndex
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SettlementIndex & patx.v1.SettlementIndex.$Shape;
        }

        namespace SettlementIndex {

            /** Properties of a SettlementIndex. */
            interface $Properties {

                /** SettlementIndex seriesId */
                seriesId?: (number|null);

                /** SettlementIndex seq */
                seq?: (number|null);

                /** SettlementIndex spotSeriesId */
                spotSeriesId?: (number|null);

                /** SettlementIndex cutoffAtMs */
                cutoffAtMs?: (number|null);

                /** SettlementIndex indexMicros */
                indexMicros?: (number|null);

                /** SettlementIndex method */
                method?: (patx.v1.SettlementIndexMethod|null);

                /** SettlementIndex twapMidMicros */
                twapMidMicros?: (number|null);

                /** SettlementIndex tradeVwapMicros */
                tradeVwapMicros?: (number|null);

                /** SettlementIndex tradeQty */
                tradeQty?: (number|null);

                /** SettlementIndex timeMs */
                timeMs?: (number|null);

                /** SettlementIndex prevSeq */
                prevSeq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SettlementIndex. */
            type $Shape = patx.v1.SettlementIndex.$Properties;
        }

        /**
         * Properties of an OptionModel.
         * @deprecated Use patx.v1.OptionModel.$Properties instead.
         */
        interface IOptionModel extends patx.v1.OptionModel.$Properties {
        }

        /** Represents an OptionModel. */
        class OptionModel {

            /**
             * Constructs a new OptionModel.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.OptionModel.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** OptionModel seriesId. */
            seriesId: number;

            /** OptionModel seq. */
            seq: number;

            /** OptionModel pricedAtMs. */
            pricedAtMs: number;

            /** OptionModel forwardMicros. */
            forwardMicros: number;

            /** OptionModel markMicros. */
            markMicros: number;

            /** OptionModel sigmaAnnual. */
            sigmaAnnual: number;

            /** OptionModel timeYears. */
            timeYears: number;

            /** OptionModel valueMicros. */
            valueMicros: number;

            /** OptionModel delta. */
            delta: number;

            /** OptionModel gamma. */
            gamma: number;

            /** OptionModel vega. */
            vega: number;

            /** OptionModel theta. */
            theta: number;

            /** OptionModel bidMicros. */
            bidMicros: number;

            /** OptionModel askMicros. */
            askMicros: number;

            /** OptionModel prevSeq. */
            prevSeq: number;

            /** OptionModel forwardExactMicros. */
            forwardExactMicros: number;

            /** OptionModel sigmaMarketAnnual. */
            sigmaMarketAnnual: number;

            /** OptionModel strikeMicros. */
            strikeMicros: number;

            /**
             * Creates a new OptionModel instance using the specified properties.
             * @param [properties] Properties to set
             * @returns OptionModel instance
             */
            static create(properties: patx.v1.OptionModel.$Shape): patx.v1.OptionModel & patx.v1.OptionModel.$Shape;
            static create(properties?: patx.v1.OptionModel.$Properties): patx.v1.OptionModel;

            /**
             * Encodes the specified OptionModel message. Does not implicitly {@link patx.v1.OptionModel.verify|verify} messages.
             * @param message OptionModel message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.OptionModel.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an OptionModel message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.OptionModel & patx.v1.OptionModel.$Shape} OptionModel
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.OptionModel & patx.v1.OptionModel.$Shape;
        }

        namespace OptionModel {

            /** Properties of an OptionModel. */
            interface $Properties {

                /** OptionModel seriesId */
                seriesId?: (number|null);

                /** OptionModel seq */
                seq?: (number|null);

                /** OptionModel pricedAtMs */
                pricedAtMs?: (number|null);

                /** OptionModel forwardMicros */
                forwardMicros?: (number|null);

                /** OptionModel markMicros */
                markMicros?: (number|null);

                /** OptionModel sigmaAnnual */
                sigmaAnnual?: (number|null);

                /** OptionModel timeYears */
                timeYears?: (number|null);

                /** OptionModel valueMicros */
                valueMicros?: (number|null);

                /** OptionModel delta */
                delta?: (number|null);

                /** OptionModel gamma */
                gamma?: (number|null);

                /** OptionModel vega */
                vega?: (number|null);

                /** OptionModel theta */
                theta?: (number|null);

                /** OptionModel bidMicros */
                bidMicros?: (number|null);

                /** OptionModel askMicros */
                askMicros?: (number|null);

                /** OptionModel prevSeq */
                prevSeq?: (number|null);

                /** OptionModel forwardExactMicros */
                forwardExactMicros?: (number|null);

                /** OptionModel sigmaMarketAnnual */
                sigmaMarketAnnual?: (number|null);

                /** OptionModel strikeMicros */
                strikeMicros?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an OptionModel. */
            type $Shape = patx.v1.OptionModel.$Properties;
        }

        /**
         * Properties of a SyntheticLiquidation.
         * @deprecated Use patx.v1.SyntheticLiquidation.$Properties instead.
         */
        interface ISyntheticLiquidation extends patx.v1.SyntheticLiquidation.$Properties {
        }

        /** Represents a SyntheticLiquidation. */
        class SyntheticLiquidation {

            /**
             * Constructs a new SyntheticLiquidation.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SyntheticLiquidation.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SyntheticLiquidation seq. */
            seq: number;

            /** SyntheticLiquidation timeMs. */
            timeMs: number;

            /** SyntheticLiquidation seriesId. */
            seriesId: number;

            /** SyntheticLiquidation accountId. */
            accountId: number;

            /** SyntheticLiquidation brokerId. */
            brokerId: number;

            /** SyntheticLiquidation positionQty. */
            positionQty: number;

            /** SyntheticLiquidation markMicros. */
            markMicros: number;

            /** SyntheticLiquidation penaltyMicros. */
            penaltyMicros: number;

            /** SyntheticLiquidation owedMicros. */
            owedMicros: number;

            /** SyntheticLiquidation lockedMicros. */
            lockedMicros: number;

            /**
             * Creates a new SyntheticLiquidation instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SyntheticLiquidation instance
             */
            static create(properties: patx.v1.SyntheticLiquidation.$Shape): patx.v1.SyntheticLiquidation & patx.v1.SyntheticLiquidation.$Shape;
            static create(properties?: patx.v1.SyntheticLiquidation.$Properties): patx.v1.SyntheticLiquidation;

            /**
             * Encodes the specified SyntheticLiquidation message. Does not implicitly {@link patx.v1.SyntheticLiquidation.verify|verify} messages.
             * @param message SyntheticLiquidation message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SyntheticLiquidation.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SyntheticLiquidation message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SyntheticLiquidation & patx.v1.SyntheticLiquidation.$Shape} SyntheticLiquidation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SyntheticLiquidation & patx.v1.SyntheticLiquidation.$Shape;
        }

        namespace SyntheticLiquidation {

            /** Properties of a SyntheticLiquidation. */
            interface $Properties {

                /** SyntheticLiquidation seq */
                seq?: (number|null);

                /** SyntheticLiquidation timeMs */
                timeMs?: (number|null);

                /** SyntheticLiquidation seriesId */
                seriesId?: (number|null);

                /** SyntheticLiquidation accountId */
                accountId?: (number|null);

                /** SyntheticLiquidation brokerId */
                brokerId?: (number|null);

                /** SyntheticLiquidation positionQty */
                positionQty?: (number|null);

                /** SyntheticLiquidation markMicros */
                markMicros?: (number|null);

                /** SyntheticLiquidation penaltyMicros */
                penaltyMicros?: (number|null);

                /** SyntheticLiquidation owedMicros */
                owedMicros?: (number|null);

                /** SyntheticLiquidation lockedMicros */
                lockedMicros?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SyntheticLiquidation. */
            type $Shape = patx.v1.SyntheticLiquidation.$Properties;
        }

        /**
         * Properties of a MarginTopUp.
         * @deprecated Use patx.v1.MarginTopUp.$Properties instead.
         */
        interface IMarginTopUp extends patx.v1.MarginTopUp.$Properties {
        }

        /** Represents a MarginTopUp. */
        class MarginTopUp {

            /**
             * Constructs a new MarginTopUp.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.MarginTopUp.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MarginTopUp seq. */
            seq: number;

            /** MarginTopUp timeMs. */
            timeMs: number;

            /** MarginTopUp seriesId. */
            seriesId: number;

            /** MarginTopUp accountId. */
            accountId: number;

            /** MarginTopUp positionQty. */
            positionQty: number;

            /** MarginTopUp markMicros. */
            markMicros: number;

            /** MarginTopUp topUpMicros. */
            topUpMicros: number;

            /** MarginTopUp lockedMicros. */
            lockedMicros: number;

            /**
             * Creates a new MarginTopUp instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MarginTopUp instance
             */
            static create(properties: patx.v1.MarginTopUp.$Shape): patx.v1.MarginTopUp & patx.v1.MarginTopUp.$Shape;
            static create(properties?: patx.v1.MarginTopUp.$Properties): patx.v1.MarginTopUp;

            /**
             * Encodes the specified MarginTopUp message. Does not implicitly {@link patx.v1.MarginTopUp.verify|verify} messages.
             * @param message MarginTopUp message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.MarginTopUp.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MarginTopUp message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.MarginTopUp & patx.v1.MarginTopUp.$Shape} MarginTopUp
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.MarginTopUp & patx.v1.MarginTopUp.$Shape;
        }

        namespace MarginTopUp {

            /** Properties of a MarginTopUp. */
            interface $Properties {

                /** MarginTopUp seq */
                seq?: (number|null);

                /** MarginTopUp timeMs */
                timeMs?: (number|null);

                /** MarginTopUp seriesId */
                seriesId?: (number|null);

                /** MarginTopUp accountId */
                accountId?: (number|null);

                /** MarginTopUp positionQty */
                positionQty?: (number|null);

                /** MarginTopUp markMicros */
                markMicros?: (number|null);

                /** MarginTopUp topUpMicros */
                topUpMicros?: (number|null);

                /** MarginTopUp lockedMicros */
                lockedMicros?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MarginTopUp. */
            type $Shape = patx.v1.MarginTopUp.$Properties;
        }

        /**
         * Properties of a GrantIssued.
         * @deprecated Use patx.v1.GrantIssued.$Properties instead.
         */
        interface IGrantIssued extends patx.v1.GrantIssued.$Properties {
        }

        /** Represents a GrantIssued. */
        class GrantIssued {

            /**
             * Constructs a new GrantIssued.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.GrantIssued.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** GrantIssued seq. */
            seq: number;

            /** GrantIssued timeMs. */
            timeMs: number;

            /** GrantIssued seriesId. */
            seriesId: number;

            /** GrantIssued grantId. */
            grantId: number;

            /**
             * Creates a new GrantIssued instance using the specified properties.
             * @param [properties] Properties to set
             * @returns GrantIssued instance
             */
            static create(properties: patx.v1.GrantIssued.$Shape): patx.v1.GrantIssued & patx.v1.GrantIssued.$Shape;
            static create(properties?: patx.v1.GrantIssued.$Properties): patx.v1.GrantIssued;

            /**
             * Encodes the specified GrantIssued message. Does not implicitly {@link patx.v1.GrantIssued.verify|verify} messages.
             * @param message GrantIssued message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.GrantIssued.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a GrantIssued message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.GrantIssued & patx.v1.GrantIssued.$Shape} GrantIssued
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.GrantIssued & patx.v1.GrantIssued.$Shape;
        }

        namespace GrantIssued {

            /** Properties of a GrantIssued. */
            interface $Properties {

                /** GrantIssued seq */
                seq?: (number|null);

                /** GrantIssued timeMs */
                timeMs?: (number|null);

                /** GrantIssued seriesId */
                seriesId?: (number|null);

                /** GrantIssued grantId */
                grantId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a GrantIssued. */
            type $Shape = patx.v1.GrantIssued.$Properties;
        }

        /**
         * Properties of a SyntheticSettlement.
         * @deprecated Use patx.v1.SyntheticSettlement.$Properties instead.
         */
        interface ISyntheticSettlement extends patx.v1.SyntheticSettlement.$Properties {
        }

        /** Represents a SyntheticSettlement. */
        class SyntheticSettlement {

            /**
             * Constructs a new SyntheticSettlement.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SyntheticSettlement.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SyntheticSettlement seq. */
            seq: number;

            /** SyntheticSettlement timeMs. */
            timeMs: number;

            /** SyntheticSettlement seriesId. */
            seriesId: number;

            /** SyntheticSettlement accountId. */
            accountId: number;

            /** SyntheticSettlement positionQty. */
            positionQty: number;

            /** SyntheticSettlement costMicros. */
            costMicros: number;

            /** SyntheticSettlement indexMicros. */
            indexMicros: number;

            /** SyntheticSettlement payoutMicros. */
            payoutMicros: number;

            /** SyntheticSettlement shortfallMicros. */
            shortfallMicros: number;

            /** SyntheticSettlement haircutMicros. */
            haircutMicros: number;

            /** SyntheticSettlement valueMicros. */
            valueMicros: number;

            /**
             * Creates a new SyntheticSettlement instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SyntheticSettlement instance
             */
            static create(properties: patx.v1.SyntheticSettlement.$Shape): patx.v1.SyntheticSettlement & patx.v1.SyntheticSettlement.$Shape;
            static create(properties?: patx.v1.SyntheticSettlement.$Properties): patx.v1.SyntheticSettlement;

            /**
             * Encodes the specified SyntheticSettlement message. Does not implicitly {@link patx.v1.SyntheticSettlement.verify|verify} messages.
             * @param message SyntheticSettlement message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SyntheticSettlement.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SyntheticSettlement message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SyntheticSettlement & patx.v1.SyntheticSettlement.$Shape} SyntheticSettlement
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SyntheticSettlement & patx.v1.SyntheticSettlement.$Shape;
        }

        namespace SyntheticSettlement {

            /** Properties of a SyntheticSettlement. */
            interface $Properties {

                /** SyntheticSettlement seq */
                seq?: (number|null);

                /** SyntheticSettlement timeMs */
                timeMs?: (number|null);

                /** SyntheticSettlement seriesId */
                seriesId?: (number|null);

                /** SyntheticSettlement accountId */
                accountId?: (number|null);

                /** SyntheticSettlement positionQty */
                positionQty?: (number|null);

                /** SyntheticSettlement costMicros */
                costMicros?: (number|null);

                /** SyntheticSettlement indexMicros */
                indexMicros?: (number|null);

                /** SyntheticSettlement payoutMicros */
                payoutMicros?: (number|null);

                /** SyntheticSettlement shortfallMicros */
                shortfallMicros?: (number|null);

                /** SyntheticSettlement haircutMicros */
                haircutMicros?: (number|null);

                /** SyntheticSettlement valueMicros */
                valueMicros?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SyntheticSettlement. */
            type $Shape = patx.v1.SyntheticSettlement.$Properties;
        }

        /**
         * Properties of a CreateSubscription.
         * @deprecated Use patx.v1.CreateSubscription.$Properties instead.
         */
        interface ICreateSubscription extends patx.v1.CreateSubscription.$Properties {
        }

        /** Represents a CreateSubscription. */
        class CreateSubscription {

            /**
             * Constructs a new CreateSubscription.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.CreateSubscription.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CreateSubscription contract. */
            contract: string;

            /** CreateSubscription qtyPerWindow. */
            qtyPerWindow: number;

            /** CreateSubscription capPriceMicros. */
            capPriceMicros: number;

            /** CreateSubscription budgetMicros. */
            budgetMicros: number;

            /** CreateSubscription trigger. */
            trigger: patx.v1.SubscriptionTrigger;

            /** CreateSubscription autoExercise. */
            autoExercise?: (boolean|null);

            /** CreateSubscription maxSkips. */
            maxSkips: number;

            /** CreateSubscription includeCurrent. */
            includeCurrent?: (boolean|null);

            /**
             * Creates a new CreateSubscription instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CreateSubscription instance
             */
            static create(properties: patx.v1.CreateSubscription.$Shape): patx.v1.CreateSubscription & patx.v1.CreateSubscription.$Shape;
            static create(properties?: patx.v1.CreateSubscription.$Properties): patx.v1.CreateSubscription;

            /**
             * Encodes the specified CreateSubscription message. Does not implicitly {@link patx.v1.CreateSubscription.verify|verify} messages.
             * @param message CreateSubscription message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.CreateSubscription.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CreateSubscription message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.CreateSubscription & patx.v1.CreateSubscription.$Shape} CreateSubscription
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.CreateSubscription & patx.v1.CreateSubscription.$Shape;
        }

        namespace CreateSubscription {

            /** Properties of a CreateSubscription. */
            interface $Properties {

                /** CreateSubscription contract */
                contract?: (string|null);

                /** CreateSubscription qtyPerWindow */
                qtyPerWindow?: (number|null);

                /** CreateSubscription capPriceMicros */
                capPriceMicros?: (number|null);

                /** CreateSubscription budgetMicros */
                budgetMicros?: (number|null);

                /** CreateSubscription trigger */
                trigger?: (patx.v1.SubscriptionTrigger|null);

                /** CreateSubscription autoExercise */
                autoExercise?: (boolean|null);

                /** CreateSubscription maxSkips */
                maxSkips?: (number|null);

                /** CreateSubscription includeCurrent */
                includeCurrent?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CreateSubscription. */
            type $Shape = patx.v1.CreateSubscription.$Properties;
        }

        /**
         * Properties of a CancelSubscription.
         * @deprecated Use patx.v1.CancelSubscription.$Properties instead.
         */
        interface ICancelSubscription extends patx.v1.CancelSubscription.$Properties {
        }

        /** Represents a CancelSubscription. */
        class CancelSubscription {

            /**
             * Constructs a new CancelSubscription.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.CancelSubscription.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CancelSubscription subscriptionId. */
            subscriptionId: number;

            /**
             * Creates a new CancelSubscription instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CancelSubscription instance
             */
            static create(properties: patx.v1.CancelSubscription.$Shape): patx.v1.CancelSubscription & patx.v1.CancelSubscription.$Shape;
            static create(properties?: patx.v1.CancelSubscription.$Properties): patx.v1.CancelSubscription;

            /**
             * Encodes the specified CancelSubscription message. Does not implicitly {@link patx.v1.CancelSubscription.verify|verify} messages.
             * @param message CancelSubscription message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.CancelSubscription.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CancelSubscription message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.CancelSubscription & patx.v1.CancelSubscription.$Shape} CancelSubscription
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.CancelSubscription & patx.v1.CancelSubscription.$Shape;
        }

        namespace CancelSubscription {

            /** Properties of a CancelSubscription. */
            interface $Properties {

                /** CancelSubscription subscriptionId */
                subscriptionId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CancelSubscription. */
            type $Shape = patx.v1.CancelSubscription.$Properties;
        }

        /**
         * Properties of a ResumeSubscription.
         * @deprecated Use patx.v1.ResumeSubscription.$Properties instead.
         */
        interface IResumeSubscription extends patx.v1.ResumeSubscription.$Properties {
        }

        /** Represents a ResumeSubscription. */
        class ResumeSubscription {

            /**
             * Constructs a new ResumeSubscription.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.ResumeSubscription.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ResumeSubscription subscriptionId. */
            subscriptionId: number;

            /**
             * Creates a new ResumeSubscription instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ResumeSubscription instance
             */
            static create(properties: patx.v1.ResumeSubscription.$Shape): patx.v1.ResumeSubscription & patx.v1.ResumeSubscription.$Shape;
            static create(properties?: patx.v1.ResumeSubscription.$Properties): patx.v1.ResumeSubscription;

            /**
             * Encodes the specified ResumeSubscription message. Does not implicitly {@link patx.v1.ResumeSubscription.verify|verify} messages.
             * @param message ResumeSubscription message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.ResumeSubscription.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ResumeSubscription message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.ResumeSubscription & patx.v1.ResumeSubscription.$Shape} ResumeSubscription
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.ResumeSubscription & patx.v1.ResumeSubscription.$Shape;
        }

        namespace ResumeSubscription {

            /** Properties of a ResumeSubscription. */
            interface $Properties {

                /** ResumeSubscription subscriptionId */
                subscriptionId?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ResumeSubscription. */
            type $Shape = patx.v1.ResumeSubscription.$Properties;
        }

        /** SubscriptionTrigger enum. */
        enum SubscriptionTrigger {

            /** SUBSCRIPTION_TRIGGER_UNSPECIFIED value */
            SUBSCRIPTION_TRIGGER_UNSPECIFIED = 0,

            /** ON_LIST value */
            ON_LIST = 1,

            /** ON_OPEN value */
            ON_OPEN = 2
        }

        /** SubscriptionDelivery enum. */
        enum SubscriptionDelivery {

            /** SUBSCRIPTION_DELIVERY_UNSPECIFIED value */
            SUBSCRIPTION_DELIVERY_UNSPECIFIED = 0,

            /** DELIVERY_PULL value */
            DELIVERY_PULL = 1,

            /** DELIVERY_WEBHOOK value */
            DELIVERY_WEBHOOK = 2
        }

        /** SubscriptionStatus enum. */
        enum SubscriptionStatus {

            /** SUBSCRIPTION_STATUS_UNSPECIFIED value */
            SUBSCRIPTION_STATUS_UNSPECIFIED = 0,

            /** SUBSCRIPTION_ACTIVE value */
            SUBSCRIPTION_ACTIVE = 1,

            /** SUBSCRIPTION_PAUSED value */
            SUBSCRIPTION_PAUSED = 2,

            /** SUBSCRIPTION_CANCELLED value */
            SUBSCRIPTION_CANCELLED = 3,

            /** SUBSCRIPTION_ENDED value */
            SUBSCRIPTION_ENDED = 4
        }

        /** SubscriptionChange enum. */
        enum SubscriptionChange {

            /** SUBSCRIPTION_CHANGE_UNSPECIFIED value */
            SUBSCRIPTION_CHANGE_UNSPECIFIED = 0,

            /** CHANGE_CANCELLED value */
            CHANGE_CANCELLED = 1,

            /** CHANGE_PAUSED_AFTER_SKIPS value */
            CHANGE_PAUSED_AFTER_SKIPS = 2,

            /** CHANGE_BUDGET_SPENT value */
            CHANGE_BUDGET_SPENT = 3,

            /** CHANGE_RESUMED value */
            CHANGE_RESUMED = 4,

            /** CHANGE_PUSH_AUTHORISATION_EXPIRED value */
            CHANGE_PUSH_AUTHORISATION_EXPIRED = 5
        }

        /** SkipReason enum. */
        enum SkipReason {

            /** SKIP_REASON_UNSPECIFIED value */
            SKIP_REASON_UNSPECIFIED = 0,

            /** SKIP_CAP_BELOW_ASK value */
            SKIP_CAP_BELOW_ASK = 1,

            /** SKIP_INSUFFICIENT_FUNDS value */
            SKIP_INSUFFICIENT_FUNDS = 2,

            /** SKIP_NO_ASK value */
            SKIP_NO_ASK = 3,

            /** SKIP_ORDER_REJECTED value */
            SKIP_ORDER_REJECTED = 4,

            /** SKIP_NO_PROVIDER_SUPPLY value */
            SKIP_NO_PROVIDER_SUPPLY = 5
        }

        /**
         * Properties of a SubscriptionUpdate.
         * @deprecated Use patx.v1.SubscriptionUpdate.$Properties instead.
         */
        interface ISubscriptionUpdate extends patx.v1.SubscriptionUpdate.$Properties {
        }

        /** Represents a SubscriptionUpdate. */
        class SubscriptionUpdate {

            /**
             * Constructs a new SubscriptionUpdate.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SubscriptionUpdate.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SubscriptionUpdate seq. */
            seq: number;

            /** SubscriptionUpdate timeMs. */
            timeMs: number;

            /** SubscriptionUpdate subscriptionId. */
            subscriptionId: number;

            /** SubscriptionUpdate accountId. */
            accountId: number;

            /** SubscriptionUpdate created. */
            created?: (patx.v1.SubscriptionCreated.$Properties|null);

            /** SubscriptionUpdate filled. */
            filled?: (patx.v1.SubscriptionFilled.$Properties|null);

            /** SubscriptionUpdate skipped. */
            skipped?: (patx.v1.SubscriptionSkipped.$Properties|null);

            /** SubscriptionUpdate exercised. */
            exercised?: (patx.v1.SubscriptionExercised.$Properties|null);

            /** SubscriptionUpdate statusChanged. */
            statusChanged?: (patx.v1.SubscriptionStatusChanged.$Properties|null);

            /** SubscriptionUpdate update. */
            update?: ("created"|"filled"|"skipped"|"exercised"|"statusChanged");

            /**
             * Creates a new SubscriptionUpdate instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SubscriptionUpdate instance
             */
            static create(properties: patx.v1.SubscriptionUpdate.$Shape): patx.v1.SubscriptionUpdate & patx.v1.SubscriptionUpdate.$Shape;
            static create(properties?: patx.v1.SubscriptionUpdate.$Properties): patx.v1.SubscriptionUpdate;

            /**
             * Encodes the specified SubscriptionUpdate message. Does not implicitly {@link patx.v1.SubscriptionUpdate.verify|verify} messages.
             * @param message SubscriptionUpdate message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SubscriptionUpdate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SubscriptionUpdate message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionUpdate & patx.v1.SubscriptionUpdate.$Shape} SubscriptionUpdate
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SubscriptionUpdate & patx.v1.SubscriptionUpdate.$Shape;
        }

        namespace SubscriptionUpdate {

            /** Properties of a SubscriptionUpdate. */
            interface $Properties {

                /** SubscriptionUpdate seq */
                seq?: (number|null);

                /** SubscriptionUpdate timeMs */
                timeMs?: (number|null);

                /** SubscriptionUpdate subscriptionId */
                subscriptionId?: (number|null);

                /** SubscriptionUpdate accountId */
                accountId?: (number|null);

                /** SubscriptionUpdate created */
                created?: (patx.v1.SubscriptionCreated.$Properties|null);

                /** SubscriptionUpdate filled */
                filled?: (patx.v1.SubscriptionFilled.$Properties|null);

                /** SubscriptionUpdate skipped */
                skipped?: (patx.v1.SubscriptionSkipped.$Properties|null);

                /** SubscriptionUpdate exercised */
                exercised?: (patx.v1.SubscriptionExercised.$Properties|null);

                /** SubscriptionUpdate statusChanged */
                statusChanged?: (patx.v1.SubscriptionStatusChanged.$Properties|null);

                /** SubscriptionUpdate update */
                update?: ("created"|"filled"|"skipped"|"exercised"|"statusChanged");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a SubscriptionUpdate. */
            type $Shape = {
              seq?: number|null;
              timeMs?: number|null;
              subscriptionId?: number|null;
              accountId?: number|null;
              created?: patx.v1.SubscriptionCreated.$Shape|null;
              filled?: patx.v1.SubscriptionFilled.$Shape|null;
              skipped?: patx.v1.SubscriptionSkipped.$Shape|null;
              exercised?: patx.v1.SubscriptionExercised.$Shape|null;
              statusChanged?: patx.v1.SubscriptionStatusChanged.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ update?: undefined; created?: null; filled?: null; skipped?: null; exercised?: null; statusChanged?: null }|{ update?: "created"; created: patx.v1.SubscriptionCreated.$Shape; filled?: null; skipped?: null; exercised?: null; statusChanged?: null }|{ update?: "filled"; created?: null; filled: patx.v1.SubscriptionFilled.$Shape; skipped?: null; exercised?: null; statusChanged?: null }|{ update?: "skipped"; created?: null; filled?: null; skipped: patx.v1.SubscriptionSkipped.$Shape; exercised?: null; statusChanged?: null }|{ update?: "exercised"; created?: null; filled?: null; skipped?: null; exercised: patx.v1.SubscriptionExercised.$Shape; statusChanged?: null }|{ update?: "statusChanged"; created?: null; filled?: null; skipped?: null; exercised?: null; statusChanged: patx.v1.SubscriptionStatusChanged.$Shape })
            );
        }

        /**
         * Properties of a SubscriptionCreated.
         * @deprecated Use patx.v1.SubscriptionCreated.$Properties instead.
         */
        interface ISubscriptionCreated extends patx.v1.SubscriptionCreated.$Properties {
        }

        /** Represents a SubscriptionCreated. */
        class SubscriptionCreated {

            /**
             * Constructs a new SubscriptionCreated.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SubscriptionCreated.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SubscriptionCreated contract. */
            contract: string;

            /** SubscriptionCreated qtyPerWindow. */
            qtyPerWindow: number;

            /** SubscriptionCreated capPriceMicros. */
            capPriceMicros: number;

            /** SubscriptionCreated budgetMicros. */
            budgetMicros: number;

            /** SubscriptionCreated trigger. */
            trigger: patx.v1.SubscriptionTrigger;

            /** SubscriptionCreated autoExercise. */
            autoExercise: boolean;

            /** SubscriptionCreated maxSkips. */
            maxSkips: number;

            /** SubscriptionCreated delivery. */
            delivery: patx.v1.SubscriptionDelivery;

            /** SubscriptionCreated webhookUrl. */
            webhookUrl: string;

            /** SubscriptionCreated includeCurrent. */
            includeCurrent: boolean;

            /**
             * Creates a new SubscriptionCreated instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SubscriptionCreated instance
             */
            static create(properties: patx.v1.SubscriptionCreated.$Shape): patx.v1.SubscriptionCreated & patx.v1.SubscriptionCreated.$Shape;
            static create(properties?: patx.v1.SubscriptionCreated.$Properties): patx.v1.SubscriptionCreated;

            /**
             * Encodes the specified SubscriptionCreated message. Does not implicitly {@link patx.v1.SubscriptionCreated.verify|verify} messages.
             * @param message SubscriptionCreated message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SubscriptionCreated.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SubscriptionCreated message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionCreated & patx.v1.SubscriptionCreated.$Shape} SubscriptionCreated
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SubscriptionCreated & patx.v1.SubscriptionCreated.$Shape;
        }

        namespace SubscriptionCreated {

            /** Properties of a SubscriptionCreated. */
            interface $Properties {

                /** SubscriptionCreated contract */
                contract?: (string|null);

                /** SubscriptionCreated qtyPerWindow */
                qtyPerWindow?: (number|null);

                /** SubscriptionCreated capPriceMicros */
                capPriceMicros?: (number|null);

                /** SubscriptionCreated budgetMicros */
                budgetMicros?: (number|null);

                /** SubscriptionCreated trigger */
                trigger?: (patx.v1.SubscriptionTrigger|null);

                /** SubscriptionCreated autoExercise */
                autoExercise?: (boolean|null);

                /** SubscriptionCreated maxSkips */
                maxSkips?: (number|null);

                /** SubscriptionCreated delivery */
                delivery?: (patx.v1.SubscriptionDelivery|null);

                /** SubscriptionCreated webhookUrl */
                webhookUrl?: (string|null);

                /** SubscriptionCreated includeCurrent */
                includeCurrent?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SubscriptionCreated. */
            type $Shape = patx.v1.SubscriptionCreated.$Properties;
        }

        /**
         * Properties of a SubscriptionFilled.
         * @deprecated Use patx.v1.SubscriptionFilled.$Properties instead.
         */
        interface ISubscriptionFilled extends patx.v1.SubscriptionFilled.$Properties {
        }

        /** Represents a SubscriptionFilled. */
        class SubscriptionFilled {

            /**
             * Constructs a new SubscriptionFilled.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SubscriptionFilled.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SubscriptionFilled seriesId. */
            seriesId: number;

            /** SubscriptionFilled requestedQty. */
            requestedQty: number;

            /** SubscriptionFilled qty. */
            qty: number;

            /** SubscriptionFilled costMicros. */
            costMicros: number;

            /** SubscriptionFilled spentMicros. */
            spentMicros: number;

            /**
             * Creates a new SubscriptionFilled instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SubscriptionFilled instance
             */
            static create(properties: patx.v1.SubscriptionFilled.$Shape): patx.v1.SubscriptionFilled & patx.v1.SubscriptionFilled.$Shape;
            static create(properties?: patx.v1.SubscriptionFilled.$Properties): patx.v1.SubscriptionFilled;

            /**
             * Encodes the specified SubscriptionFilled message. Does not implicitly {@link patx.v1.SubscriptionFilled.verify|verify} messages.
             * @param message SubscriptionFilled message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SubscriptionFilled.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SubscriptionFilled message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionFilled & patx.v1.SubscriptionFilled.$Shape} SubscriptionFilled
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SubscriptionFilled & patx.v1.SubscriptionFilled.$Shape;
        }

        namespace SubscriptionFilled {

            /** Properties of a SubscriptionFilled. */
            interface $Properties {

                /** SubscriptionFilled seriesId */
                seriesId?: (number|null);

                /** SubscriptionFilled requestedQty */
                requestedQty?: (number|null);

                /** SubscriptionFilled qty */
                qty?: (number|null);

                /** SubscriptionFilled costMicros */
                costMicros?: (number|null);

                /** SubscriptionFilled spentMicros */
                spentMicros?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SubscriptionFilled. */
            type $Shape = patx.v1.SubscriptionFilled.$Properties;
        }

        /**
         * Properties of a SubscriptionSkipped.
         * @deprecated Use patx.v1.SubscriptionSkipped.$Properties instead.
         */
        interface ISubscriptionSkipped extends patx.v1.SubscriptionSkipped.$Properties {
        }

        /** Represents a SubscriptionSkipped. */
        class SubscriptionSkipped {

            /**
             * Constructs a new SubscriptionSkipped.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SubscriptionSkipped.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SubscriptionSkipped seriesId. */
            seriesId: number;

            /** SubscriptionSkipped reason. */
            reason: patx.v1.SkipReason;

            /** SubscriptionSkipped askMicros. */
            askMicros: number;

            /** SubscriptionSkipped rejectReason. */
            rejectReason: patx.v1.RejectReason;

            /** SubscriptionSkipped skipsInRow. */
            skipsInRow: number;

            /**
             * Creates a new SubscriptionSkipped instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SubscriptionSkipped instance
             */
            static create(properties: patx.v1.SubscriptionSkipped.$Shape): patx.v1.SubscriptionSkipped & patx.v1.SubscriptionSkipped.$Shape;
            static create(properties?: patx.v1.SubscriptionSkipped.$Properties): patx.v1.SubscriptionSkipped;

            /**
             * Encodes the specified SubscriptionSkipped message. Does not implicitly {@link patx.v1.SubscriptionSkipped.verify|verify} messages.
             * @param message SubscriptionSkipped message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SubscriptionSkipped.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SubscriptionSkipped message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionSkipped & patx.v1.SubscriptionSkipped.$Shape} SubscriptionSkipped
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SubscriptionSkipped & patx.v1.SubscriptionSkipped.$Shape;
        }

        namespace SubscriptionSkipped {

            /** Properties of a SubscriptionSkipped. */
            interface $Properties {

                /** SubscriptionSkipped seriesId */
                seriesId?: (number|null);

                /** SubscriptionSkipped reason */
                reason?: (patx.v1.SkipReason|null);

                /** SubscriptionSkipped askMicros */
                askMicros?: (number|null);

                /** SubscriptionSkipped rejectReason */
                rejectReason?: (patx.v1.RejectReason|null);

                /** SubscriptionSkipped skipsInRow */
                skipsInRow?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SubscriptionSkipped. */
            type $Shape = patx.v1.SubscriptionSkipped.$Properties;
        }

        /**
         * Properties of a SubscriptionExercised.
         * @deprecated Use patx.v1.SubscriptionExercised.$Properties instead.
         */
        interface ISubscriptionExercised extends patx.v1.SubscriptionExercised.$Properties {
        }

        /** Represents a SubscriptionExercised. */
        class SubscriptionExercised {

            /**
             * Constructs a new SubscriptionExercised.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SubscriptionExercised.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SubscriptionExercised seriesId. */
            seriesId: number;

            /** SubscriptionExercised exerciseId. */
            exerciseId: number;

            /** SubscriptionExercised qty. */
            qty: number;

            /** SubscriptionExercised grants. */
            grants: patx.v1.AccessGrant.$Properties[];

            /**
             * Creates a new SubscriptionExercised instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SubscriptionExercised instance
             */
            static create(properties: patx.v1.SubscriptionExercised.$Shape): patx.v1.SubscriptionExercised & patx.v1.SubscriptionExercised.$Shape;
            static create(properties?: patx.v1.SubscriptionExercised.$Properties): patx.v1.SubscriptionExercised;

            /**
             * Encodes the specified SubscriptionExercised message. Does not implicitly {@link patx.v1.SubscriptionExercised.verify|verify} messages.
             * @param message SubscriptionExercised message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SubscriptionExercised.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SubscriptionExercised message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionExercised & patx.v1.SubscriptionExercised.$Shape} SubscriptionExercised
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SubscriptionExercised & patx.v1.SubscriptionExercised.$Shape;
        }

        namespace SubscriptionExercised {

            /** Properties of a SubscriptionExercised. */
            interface $Properties {

                /** SubscriptionExercised seriesId */
                seriesId?: (number|null);

                /** SubscriptionExercised exerciseId */
                exerciseId?: (number|null);

                /** SubscriptionExercised qty */
                qty?: (number|null);

                /** SubscriptionExercised grants */
                grants?: (patx.v1.AccessGrant.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SubscriptionExercised. */
            type $Shape = patx.v1.SubscriptionExercised.$Properties;
        }

        /**
         * Properties of a SubscriptionStatusChanged.
         * @deprecated Use patx.v1.SubscriptionStatusChanged.$Properties instead.
         */
        interface ISubscriptionStatusChanged extends patx.v1.SubscriptionStatusChanged.$Properties {
        }

        /** Represents a SubscriptionStatusChanged. */
        class SubscriptionStatusChanged {

            /**
             * Constructs a new SubscriptionStatusChanged.
             * @param [properties] Properties to set
             */
            constructor(properties?: patx.v1.SubscriptionStatusChanged.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SubscriptionStatusChanged status. */
            status: patx.v1.SubscriptionStatus;

            /** SubscriptionStatusChanged change. */
            change: patx.v1.SubscriptionChange;

            /**
             * Creates a new SubscriptionStatusChanged instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SubscriptionStatusChanged instance
             */
            static create(properties: patx.v1.SubscriptionStatusChanged.$Shape): patx.v1.SubscriptionStatusChanged & patx.v1.SubscriptionStatusChanged.$Shape;
            static create(properties?: patx.v1.SubscriptionStatusChanged.$Properties): patx.v1.SubscriptionStatusChanged;

            /**
             * Encodes the specified SubscriptionStatusChanged message. Does not implicitly {@link patx.v1.SubscriptionStatusChanged.verify|verify} messages.
             * @param message SubscriptionStatusChanged message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: patx.v1.SubscriptionStatusChanged.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SubscriptionStatusChanged message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {patx.v1.SubscriptionStatusChanged & patx.v1.SubscriptionStatusChanged.$Shape} SubscriptionStatusChanged
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): patx.v1.SubscriptionStatusChanged & patx.v1.SubscriptionStatusChanged.$Shape;
        }

        namespace SubscriptionStatusChanged {

            /** Properties of a SubscriptionStatusChanged. */
            interface $Properties {

                /** SubscriptionStatusChanged status */
                status?: (patx.v1.SubscriptionStatus|null);

                /** SubscriptionStatusChanged change */
                change?: (patx.v1.SubscriptionChange|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SubscriptionStatusChanged. */
            type $Shape = patx.v1.SubscriptionStatusChanged.$Properties;
        }
    }
}
