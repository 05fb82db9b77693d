// liquibook's OrderBook (github.com/enewhuis/liquibook, header-only) behind book.cpp's Book
// interface, so the same driver, stream and rules run on the book issue 21 named ("liquibook's
// OrderBook with market orders as immediate-or-cancel"). Included by book.cpp inside its
// namespace when built with -DPATX_LIQUIBOOK and liquibook's src/ on the include path; no
// liquibook code is kept in this project (bench/cpp/book-binary.ts says where it comes from).
//
// How it is driven: a limit order is add()ed with no conditions, a market order (already an
// IOC limit at its protection price, as in the plain book) with oc_immediate_or_cancel; a
// cancel is cancel(). liquibook matches, rests and cancels remainders itself and reports fills
// through its on_fill callback, which feeds the same FillSink, so the runner checks its fills
// against the engine's exactly as it checks the plain book's.

// What liquibook holds for an order (its OrderPtr). A value rather than a pointer: liquibook
// reads an order through `->`, and the quantity it reads must stay the one the order was added
// with (it works out filled quantities from it) while the driver's Order counts its leaves down.
struct LiquibookOrder {
  Order* order;
  liquibook::book::Quantity qty;

  LiquibookOrder(Order* o = nullptr, liquibook::book::Quantity q = 0) : order(o), qty(q) {}  // liquibook makes empty ones from nullptr

  const LiquibookOrder* operator->() const { return this; }
  bool is_buy() const { return order->side == SIDE_BUY; }
  liquibook::book::Price price() const { return order->price; }
  liquibook::book::Price stop_price() const { return 0; }
  liquibook::book::Quantity order_qty() const { return qty; }
  bool operator==(const LiquibookOrder& other) const { return order == other.order; }
};

class Book : public liquibook::book::OrderBook<LiquibookOrder> {
 public:
  bool hasBids() const { return !bids().empty(); }
  bool hasAsks() const { return !asks().empty(); }
  uint32_t bestBid() const { return static_cast<uint32_t>(bids().begin()->first.price()); }
  uint32_t bestAsk() const { return static_cast<uint32_t>(asks().begin()->first.price()); }

  // add() has already rested what was left of a non-immediate order.
  void rest(Order*) {}

  void remove(Order* o) { cancel(LiquibookOrder{o, 0}); }

  // `limit` is the taker's price (the driver sets it); liquibook rests the remainder unless immediate.
  template <typename Retire>
  void match(Order* taker, uint32_t /* limit */, bool immediate, FillSink& sink, Retire&& retire) {
    sink_ = &sink;
    filledMakers_.clear();
    add(LiquibookOrder{taker, taker->leaves},
        immediate ? liquibook::book::oc_immediate_or_cancel : liquibook::book::oc_no_conditions);
    for (Order* maker : filledMakers_) retire(maker);
  }

 protected:
  void on_fill(const LiquibookOrder& inbound, const LiquibookOrder& matched, liquibook::book::Quantity qty,
               liquibook::book::Price /* price: the maker's */, bool /* inbound filled */, bool matchedFilled) override {
    const uint32_t q = static_cast<uint32_t>(qty);
    sink_->fill(*matched.order, *inbound.order, q);
    matched.order->leaves -= q;
    inbound.order->leaves -= q;
    if (matchedFilled) filledMakers_.push_back(matched.order);
  }

 private:
  FillSink* sink_ = nullptr;
  std::vector<Order*> filledMakers_;  // retired after add() returns, once liquibook is done with them
};
