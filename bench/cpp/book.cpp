// A small, plain price-time order book in C++17, written for PATX's benchmark
// comparison (issue 21: "at least 0.6x a C++ price-time book measured on the same
// machine in the same run"). It is the yardstick, not part of the exchange.
//
// The book: each side is a std::map from price (ticks) to a level; a level holds its
// orders in an intrusive doubly linked FIFO list, so a cancel unlinks in O(1) (no scan
// of the level); an unordered_map finds an order by id. Orders come from a free-list
// pool. Limit orders are GTC, market orders IOC; fills are at the maker's price, best
// price first and oldest first within a price. This is the usual design (liquibook's,
// minus its per-level scan on cancel), the kind written in an afternoon.
//
// The driver replays a binary stream written by bench/cpp/export-workload.ts. PATX's
// phase-1 spot series routes orders into two books by whether the broker sends them
// (series.ts: "brokerSells" holds the broker's asks and customers' bids, "brokerBuys"
// the broker's bids and customers' asks), so the driver keeps two books and applies
// the only two order-entry rules that decide anything in that workload (every other
// check passes for every order of it; the exporter verifies the engine's rejects):
//   - a market order's limit is the best opposite price moved by the series' band,
//     rounded inward (no opposite order: nothing happens, the engine rejects it);
//   - the broker may not buy at or above its own best ask (in the other book) nor
//     sell at or below its own best bid (the engine rejects WOULD_CROSS_OWN_QUOTES).
// A market order is otherwise an IOC limit order at that price.
//
// Many series (--series N, for bench/many-series.bench.ts): the same stream dealt over N
// series exactly as that bench deals it in PATX. The new orders (limit and market) go
// round-robin: the k-th new order of the measured ops (k from 0, rejected ones counted)
// goes to series k % N. Each series has its own pair of books, and both rules above
// apply within the order's series (its best opposite price, the broker's own quotes in
// it). A cancel finds its order by record index in the one index over all series, as
// before, and unlinks it from its own series' book. N = 1 is the plain run above.
// --block K deals them in runs of K instead: the k-th new order goes to series
// (k / K) % N (K = 1, the default, is round-robin). Same orders, same books, but each
// series stays warm for K orders: what the rotation itself costs, against round-robin.
// --deal FILE deals them by a table instead: the k-th new order goes to series FILE[k], one
// little-endian uint16 per new order (bench/many-series.bench.ts writes it for --zipf, the
// same table it deals PATX's orders by).
//
// Built with -DPATX_LIQUIBOOK and liquibook's src/ on the include path, the same driver runs
// liquibook's OrderBook instead of this file's Book (bench/cpp/liquibook-book.h).
//
// Built with -DPATX_POSITION_SLOT, the driver keeps positions only as --positions 4 (below): the
// flat table with each order keeping its position's slot, which makes an order 48 bytes; the
// other modes stay in the plain build, their orders 40 bytes.
//
// Usage: book <stream.bin> [--warmup N] [--series N] [--block K] [--deal FILE] [--positions 0|1|2|3|5]
//        (the -DPATX_POSITION_SLOT build: --positions 4)
// Prints one JSON line: which book ran, timed nanoseconds for the measured ops (wall, and the process's CPU time), the series count, and
// the fills they produced (count, total qty, two hashes) so the runner can compare them
// with PATX's.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#ifdef PATX_LIQUIBOOK
#include <book/order_book.h>
#endif

namespace {

enum : uint8_t { KIND_LIMIT = 0, KIND_MARKET = 1, KIND_CANCEL = 2 };
enum : uint8_t { SIDE_BUY = 0, SIDE_SELL = 1 };

// One record of the stream, 16 bytes little-endian (see export-workload.ts).
struct Record {
  uint8_t kind;
  uint8_t side;
  uint8_t broker;  // 1 when the broker sends it: decides the book
  uint8_t account; // the sender's account id (1..255): --positions keeps its position per series
  uint32_t price;  // ticks; 0 for market orders
  uint32_t qty;
  uint32_t target; // cancels: the record index of the order to cancel
};
static_assert(sizeof(Record) == 16, "record layout is the file format");

struct Header {
  char magic[8];  // "PATXOPS1"
  uint32_t prefill;  // records applied before timing (deep-book variant)
  uint32_t ops;      // timed records
  uint32_t bandBps;
  uint32_t minTicks;
  uint32_t maxTicks;
  uint32_t pad;
};
static_assert(sizeof(Header) == 32, "header layout is the file format");

struct Level;

// At most this many series: an order names its series in 15 bits, which keeps it at 40 bytes.
constexpr uint32_t kMaxSeries = 32767;
// Account ids fit a byte (the stream's workload has 201).
constexpr uint32_t kAccounts = 256;

struct Order {
  uint32_t id;
  uint32_t leaves;
  uint32_t price;
  uint8_t side;
  uint8_t account;      // the sender's (Record::account)
  uint16_t series : 15;  // index of its series
  uint16_t book : 1;     // which of its series' two books (bookOf)
  Order* prev;
  Order* next;
  Level* level;
#ifdef PATX_POSITION_SLOT
  uint32_t slot;  // --positions 4: its position's slot in the flat table, found once when it is placed
#endif
};
#ifdef PATX_POSITION_SLOT
#ifndef PATX_SLOT_MAX_QUARTERS
#define PATX_SLOT_MAX_QUARTERS 3  // --positions 4's table: quarters full before it grows (Positions says why 3)
#endif
static_assert(sizeof(Order) == 48, "an order's size is part of what the book costs: the slot takes 8 bytes with alignment");
#else
static_assert(sizeof(Order) == 40, "an order's size is part of what the book costs");
#endif

struct Level {
  uint32_t price;
  uint32_t count = 0;
  uint64_t totalQty = 0;
  Order* head = nullptr;
  Order* tail = nullptr;
};

// Fixed-size blocks handed out from a free list: no malloc per order on the hot path.
class OrderPool {
 public:
  Order* acquire() {
    if (free_ == nullptr) grow();
    Order* o = free_;
    free_ = o->next;
    return o;
  }
  void release(Order* o) {
    o->next = free_;
    free_ = o;
  }

 private:
  void grow() {
    constexpr size_t kChunk = 4096;
    chunks_.emplace_back(new Order[kChunk]);
    Order* c = chunks_.back().get();
    for (size_t i = 0; i < kChunk; i++) {
      c[i].next = free_;
      free_ = &c[i];
    }
  }
  std::vector<std::unique_ptr<Order[]>> chunks_;
  Order* free_ = nullptr;
};

// --positions: what an exchange must keep per (account, series) beyond the book, as PATX's
// engine does (src/engine/core/account.ts, Position): the rights an account may sell, those its
// resting sells hold, and those its resting buys bid for. Kept the way C++ keeps it best, one
// dense 24-byte row per (series, account) found by arithmetic (no hash, no pointer), and moved
// as the engine moves them: a new order holds, a fill passes the units, a cancel or an IOC
// remainder releases. Nothing here decides anything (every order of the workload is covered);
// it is the memory an order's risk and settlement touch, for the many-series comparison.
// --positions 2 keeps the same rows in a std::unordered_map keyed by (account, series) instead:
// what a C++ venue whose accounts are not known in advance would write first (issue 58).
// --positions 3 keeps them inline in one flat open-addressing table (32-byte slots: the key,
// then the row; linear probing, Fibonacci hashing, grown past 3/4 full), the form a venue
// with unbounded accounts tunes toward (absl::flat_hash_map's): one probe, usually one line.
// --positions 4 (the -DPATX_POSITION_SLOT build) keeps the same table, and an order keeps its
// position's slot index from when it is placed: its hold probes the table once, its fills, cancel
// and IOC release go to the slot directly, as a C++ engineer who knows the table does not grow
// while the orders rest would write it (issue 79). Should the table grow (in the warm-up pass,
// sized for nothing), every resting order's slot is found again. At most 3/4 full, as mode 3's:
// with the slot kept, the table is probed once an order, and what every touch pays is its
// footprint; at most half full (-DPATX_SLOT_MAX_QUARTERS=2: 2^19 slots, 16 MiB, for the 183k
// positions of 1,000 series, against 8 MiB) it ran slower at 1,000 series, 7 of 25 alternated
// runs ahead (bench/RESULTS.md, Many series, "Issue 79").
// --positions 5 keeps dense rows as a venue does whose accounts open while it runs (issue 79): an
// account gets the next dense id when it opens (here at its first order: the stream names accounts
// by a byte, the venue's external id), the order carries that id, and each series keeps its rows in
// an array of its own indexed by it, grown when an account opened since first trades there (to
// every account opened so far; its capacity reserved, at the series' first position, for the accounts
// the warm-up pass opened, as a venue sizes from its snapshot, so no row moves while timed).
// A row is found by two loads (the series' array, then the row), no hash, no key.
struct Position {
  int64_t available;
  int64_t held;
  int64_t openBuy;
};

// --positions 3's table: a slot is empty while its key is 0 (keys are stored + 1).
struct PositionSlot {
  uint64_t key;
  Position p;
};
static_assert(sizeof(PositionSlot) == 32, "a slot is half a cache line");

// kMaxQuarters: how many quarters full it may get before it grows.
template <unsigned kMaxQuarters>
class FlatPositions {
 public:
  // Sized for `expected` positions at most kMaxQuarters/4 full (at least 1,024 slots), so a run that
  // opens no more than the warm-up pass did never grows: as a venue sizes it from its snapshot at start.
  explicit FlatPositions(size_t expected) {
    unsigned bits = 10;
    while ((size_t{1} << bits) * kMaxQuarters < expected * 4) bits++;
    slots_.assign(size_t{1} << bits, PositionSlot{0, {0, 0, 0}});
    shift_ = 64 - bits;
  }
  Position& of(uint64_t key) { return slots_[slotOf(key)].p; }
  // The slot of `key`'s position, opened if new; an index stays valid until the table grows.
  size_t slotOf(uint64_t key) {
    const uint64_t stored = key + 1;
    const size_t mask = slots_.size() - 1;
    for (size_t i = (stored * 0x9E3779B97F4A7C15ull) >> shift_;; i = (i + 1) & mask) {
      PositionSlot& s = slots_[i];
      if (s.key == stored) return i;
      if (s.key != 0) continue;
      if (4 * (used_ + 1) > kMaxQuarters * slots_.size()) {
        grow();
        return slotOf(key);
      }
      s.key = stored;
      used_++;
      return i;
    }
  }
  Position& at(size_t slot) { return slots_[slot].p; }
  const std::vector<PositionSlot>& slots() const { return slots_; }
  size_t size() const { return used_; }
  // How many times it has grown (each time, every slot index handed out before is stale).
  uint32_t grown() const { return grown_; }

 private:
  void grow() {
    grown_++;
    std::vector<PositionSlot> old(slots_.size() * 2, PositionSlot{0, {0, 0, 0}});
    old.swap(slots_);
    shift_--;
    const size_t mask = slots_.size() - 1;
    for (const PositionSlot& s : old) {
      if (s.key == 0) continue;
      size_t i = (s.key * 0x9E3779B97F4A7C15ull) >> shift_;
      while (slots_[i].key != 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<PositionSlot> slots_;
  unsigned shift_;
  size_t used_ = 0;
  uint32_t grown_ = 0;
};

class Positions {
 public:
  // mode: 1 dense rows, 2 a std::unordered_map, 3 a flat open-addressing table, 4 (the
  // -DPATX_POSITION_SLOT build) a flat table, each order keeping its slot, 5 dense rows by ids given as accounts open.
  // expected: the hashed forms are sized for that many (the warm-up pass's count); mode 5 reserves rows for that many accounts.
  Positions(uint32_t seriesCount, int mode, size_t expected)
      : mode_(mode), rows_(mode == 1 ? static_cast<size_t>(seriesCount) * kAccounts : 0, Position{0, 0, 0}), flat_(mode == 3 ? expected : 0),
        rowsBySeries_(mode == 5 ? seriesCount : 0), expectedAccounts_(mode == 5 ? expected : 0)
#ifdef PATX_POSITION_SLOT
      , slotted_(mode == 4 ? expected : 0)
#endif
  {
    if (mode == 2) map_.reserve(expected);
  }
  // How many positions the run opened (--positions 2, 3 and 4).
#ifdef PATX_POSITION_SLOT
  size_t opened() const { return slotted_.size(); }
  // How many times the table has grown: each time, the resting orders' slots must be found again (repoint).
  uint32_t grown() const { return slotted_.grown(); }
  void repoint(Order& o) { o.slot = static_cast<uint32_t>(slotted_.slotOf(key(o.series, o.account))); }
#else
  // Mode 5: the accounts opened (what the next pass reserves each series' rows for).
  size_t opened() const { return mode_ == 5 ? accountsOpened_ : mode_ == 3 ? flat_.size() : map_.size(); }
#endif
  // The id an order carries for its account: mode 5's dense id, given when the account opens (its first
  // order); every other mode keeps the stream's byte, so their runs are as before.
  uint8_t accountOf(uint8_t external) {
    if (mode_ != 5) return external;
    uint16_t& dense = denseOf_[external];
    if (dense == 0) dense = static_cast<uint16_t>(++accountsOpened_);  // stored + 1: 0 is "not open"
    return static_cast<uint8_t>(dense - 1);
  }
  static uint64_t key(uint32_t series, uint8_t account) { return (static_cast<uint64_t>(account) << 32) | series; }
  Position& of(uint32_t series, uint8_t account) {
    if (mode_ == 1) return rows_[static_cast<size_t>(series) * kAccounts + account];
    if (mode_ == 3) return flat_.of(key(series, account));
    if (mode_ == 5) return rowsBySeries_[series][account];
    return map_.try_emplace(key(series, account), Position{0, 0, 0}).first->second;
  }
  void hold(Order& o, uint32_t qty) {
    Position& p = placed(o);
    if (o.side == SIDE_BUY) p.openBuy += qty;
    else { p.available -= qty; p.held += qty; }
  }
  void release(const Order& o, uint32_t qty) {
    Position& p = ofOrder(o);
    if (o.side == SIDE_BUY) p.openBuy -= qty;
    else { p.held -= qty; p.available += qty; }
  }
  void pass(const Order& maker, const Order& taker, uint32_t qty) {
    const Order& buy = taker.side == SIDE_BUY ? taker : maker;
    const Order& sell = taker.side == SIDE_BUY ? maker : taker;
    Position& b = ofOrder(buy);
    b.available += qty;
    b.openBuy -= qty;
    ofOrder(sell).held -= qty;
  }
  // Σ held and Σ openBuy over every row: after a run they must equal the resting sells' and
  // buys' leaves (what the runner checks: the rows moved as the orders did).
  void totals(int64_t& held, int64_t& openBuy) const {
    held = 0;
    openBuy = 0;
    for (const Position& p : rows_) {
      held += p.held;
      openBuy += p.openBuy;
    }
    for (const auto& [key, p] : map_) {
      held += p.held;
      openBuy += p.openBuy;
    }
    for (const PositionSlot& s : flat_.slots()) {
      held += s.p.held;
      openBuy += s.p.openBuy;
    }
    for (const std::vector<Position>& rows : rowsBySeries_) {
      for (const Position& p : rows) {
        held += p.held;
        openBuy += p.openBuy;
      }
    }
#ifdef PATX_POSITION_SLOT
    for (const PositionSlot& s : slotted_.slots()) {
      held += s.p.held;
      openBuy += s.p.openBuy;
    }
#endif
  }

 private:
#ifdef PATX_POSITION_SLOT
  // The order's position when it is placed: found in the table once, its slot kept on the order.
  Position& placed(Order& o) {
    o.slot = static_cast<uint32_t>(slotted_.slotOf(key(o.series, o.account)));
    return slotted_.at(o.slot);
  }
  Position& ofOrder(const Order& o) { return slotted_.at(o.slot); }
#else
  Position& placed(const Order& o) {
    if (mode_ == 5) opening(o.series, o.account);
    return of(o.series, o.account);
  }
  Position& ofOrder(const Order& o) { return of(o.series, o.account); }
#endif

  // Mode 5: the series' rows cover `account` (they grow, when an account opened since trades there first, to every account opened).
  void opening(uint32_t series, uint8_t account) {
    std::vector<Position>& rows = rowsBySeries_[series];
    if (account < rows.size()) return;
    if (rows.empty()) rows.reserve(expectedAccounts_);
    rows.resize(accountsOpened_, Position{0, 0, 0});
  }

  int mode_;
  std::vector<Position> rows_;
  std::unordered_map<uint64_t, Position> map_;
  FlatPositions<3> flat_;
  // Mode 5: each series' rows by dense account id; the dense id of each external one (+ 1; 0: not open).
  std::vector<std::vector<Position>> rowsBySeries_;
  uint16_t denseOf_[256] = {};
  size_t accountsOpened_ = 0;
  size_t expectedAccounts_;
#ifdef PATX_POSITION_SLOT
  FlatPositions<PATX_SLOT_MAX_QUARTERS> slotted_;
#endif
};

// What the book reports while matching (the exchange around it would turn these into messages).
struct FillSink {
  Positions* positions = nullptr;  // --positions
  uint64_t count = 0;
  uint64_t qty = 0;
  uint32_t hashPriceQty = 2166136261u;  // FNV-1a over (price, qty) words, in fill order
  uint32_t hashOrders = 2166136261u;    // FNV-1a over (maker id, taker id) words
  static uint32_t mix(uint32_t h, uint32_t w) { return (h ^ w) * 16777619u; }
  void fill(const Order& maker, const Order& taker, uint32_t q) {
    if (positions != nullptr) positions->pass(maker, taker, q);
    count++;
    qty += q;
    hashPriceQty = mix(mix(hashPriceQty, maker.price), q);
    hashOrders = mix(mix(hashOrders, maker.id), taker.id);
  }
};

#ifdef PATX_LIQUIBOOK
// liquibook's OrderBook behind the same Book interface (the header says how it is driven).
#include "liquibook-book.h"
constexpr const char* kBookName = "liquibook";
#else
constexpr const char* kBookName = "patx-cpp";

template <typename Compare>
class BookSide {
 public:
  using Levels = std::map<uint32_t, Level, Compare>;

  bool empty() const { return levels_.empty(); }
  uint32_t bestPrice() const { return levels_.begin()->first; }
  Level& bestLevel() { return levels_.begin()->second; }

  void append(Order* o) {
    auto it = levels_.try_emplace(o->price).first;
    Level& l = it->second;
    l.price = o->price;
    o->level = &l;  // map nodes never move
    o->prev = l.tail;
    o->next = nullptr;
    if (l.tail != nullptr) l.tail->next = o;
    else l.head = o;
    l.tail = o;
    l.totalQty += o->leaves;
    l.count++;
  }

  void unlink(Order* o) {
    Level* l = o->level;
    if (o->prev != nullptr) o->prev->next = o->next;
    else l->head = o->next;
    if (o->next != nullptr) o->next->prev = o->prev;
    else l->tail = o->prev;
    l->totalQty -= o->leaves;
    if (--l->count == 0) levels_.erase(l->price);
  }

  // Erases the best level once matching has emptied it (cheaper than a lookup by price).
  void popBest() { levels_.erase(levels_.begin()); }

 private:
  Levels levels_;
};

class Book {
 public:
  bool hasBids() const { return !bids_.empty(); }
  bool hasAsks() const { return !asks_.empty(); }
  uint32_t bestBid() const { return bids_.bestPrice(); }
  uint32_t bestAsk() const { return asks_.bestPrice(); }

  void rest(Order* o) {
    if (o->side == SIDE_BUY) bids_.append(o);
    else asks_.append(o);
  }

  void remove(Order* o) {
    if (o->side == SIDE_BUY) bids_.unlink(o);
    else asks_.unlink(o);
  }

  // Trades `taker` against the opposite side up to `limit`. Makers that fill completely
  // leave the book and are handed to `retire` (the exchange drops them from its index).
  // `immediate` is the caller's to act on (it rests the remainder or not): this book only matches.
  template <typename Retire>
  void match(Order* taker, uint32_t limit, bool /* immediate */, FillSink& sink, Retire&& retire) {
    if (taker->side == SIDE_BUY) matchSide(asks_, taker, [limit](uint32_t p) { return p <= limit; }, sink, retire);
    else matchSide(bids_, taker, [limit](uint32_t p) { return p >= limit; }, sink, retire);
  }

 private:
  template <typename Side, typename Crosses, typename Retire>
  static void matchSide(Side& opposite, Order* taker, Crosses crosses, FillSink& sink, Retire& retire) {
    while (taker->leaves > 0 && !opposite.empty() && crosses(opposite.bestPrice())) {
      Level& l = opposite.bestLevel();
      while (taker->leaves > 0 && l.head != nullptr) {
        Order* maker = l.head;
        uint32_t q = maker->leaves < taker->leaves ? maker->leaves : taker->leaves;
        maker->leaves -= q;
        taker->leaves -= q;
        l.totalQty -= q;
        sink.fill(*maker, *taker, q);
        if (maker->leaves == 0) {
          l.head = maker->next;
          if (l.head != nullptr) l.head->prev = nullptr;
          else l.tail = nullptr;
          l.count--;
          retire(maker);
        }
      }
      if (l.head == nullptr) opposite.popBest();
    }
  }

  BookSide<std::greater<uint32_t>> bids_;
  BookSide<std::less<uint32_t>> asks_;
};
#endif  // PATX_LIQUIBOOK

// The two books of each broker-intermediated series, and the order index over all of them.
class Exchange {
 public:
  Exchange(const Header& h, uint32_t seriesCount, uint64_t block, const std::vector<uint16_t>* deal, int positions, size_t expectedPositions)
      : series_(seriesCount), block_(block), deal_(deal), bandBps_(h.bandBps), minTicks_(h.minTicks), maxTicks_(h.maxTicks) {
    byId_.reserve(1 << 16);
    if (positions != 0) positions_ = std::make_unique<Positions>(seriesCount, positions, expectedPositions);
    resetSink();
  }

  // Fills counted from here (the positions stay as they are).
  void resetSink() {
    sink = FillSink{};
    sink.positions = positions_.get();
  }

  // The ops are dealt from the first measured record: the prefill (deep variant) is one series only.
  void startDealing() { dealing_ = true; }

  uint64_t rejects = 0;
  FillSink sink;

  size_t resting() const { return byId_.size(); }
  size_t positionsOpened() const { return positions_ ? positions_->opened() : 0; }
#ifdef PATX_POSITION_SLOT
  uint32_t positionsGrown() const { return positions_ ? positions_->grown() : 0; }
#endif

  // With --positions: whether Σ held and Σ openBuy equal the resting sells' and buys' leaves.
  bool positionsBalanced() const {
    if (!positions_) return true;
    int64_t held, openBuy, sells = 0, buys = 0;
    positions_->totals(held, openBuy);
    for (const auto& [id, o] : byId_) (o->side == SIDE_BUY ? buys : sells) += o->leaves;
    return held == sells && openBuy == buys;
  }

  void apply(const Record& r, uint32_t id) {
    switch (r.kind) {
      case KIND_LIMIT:
        return newOrder(r, id, r.price, false, dealt());
      case KIND_MARKET: {
        const uint32_t s = dealt();
        Book& b = series_[s].books[bookOf(r.side, r.broker)];
        // The protection limit: best opposite price ± band, rounded inward; no anchor, no order.
        if (r.side == SIDE_BUY) {
          if (!b.hasAsks()) return reject();
          uint64_t a = b.bestAsk();
          uint64_t p = a + a * bandBps_ / 10000;
          return newOrder(r, id, static_cast<uint32_t>(p < maxTicks_ ? p : maxTicks_), true, s);
        }
        if (!b.hasBids()) return reject();
        uint64_t a = b.bestBid();
        uint64_t band = a * bandBps_ / 10000;
        uint64_t p = a > band ? a - band : 0;
        return newOrder(r, id, static_cast<uint32_t>(p > minTicks_ ? p : minTicks_), true, s);
      }
      case KIND_CANCEL: {
        auto it = byId_.find(r.target);
        if (it == byId_.end()) return reject();
        Order* o = it->second;
        byId_.erase(it);
        series_[o->series].books[o->book].remove(o);
        if (positions_) positions_->release(*o, o->leaves);
        pool_.release(o);
        return;
      }
      default:
        std::fprintf(stderr, "bad record kind %u\n", r.kind);
        std::exit(2);
    }
  }

 private:
  // 0 = the broker's asks and customers' bids, 1 = the broker's bids and customers' asks.
  static int bookOf(uint8_t side, uint8_t broker) { return (side == SIDE_BUY) == (broker != 0) ? 1 : 0; }

  void reject() { rejects++; }

  // The series of the next new order: round-robin over the new orders (or by the --deal table),
  // rejected ones included (bench/many-series.bench.ts deals the commands before the engine sees them).
  uint32_t dealt() {
    if (!dealing_) return 0;
    if (deal_ != nullptr) {
      if (dealtCount_ >= deal_->size()) {
        std::fprintf(stderr, "--deal: the table has %zu entries, the stream more new orders\n", deal_->size());
        std::exit(2);
      }
      return (*deal_)[dealtCount_++];
    }
    const uint32_t s = static_cast<uint32_t>((dealtCount_ / block_) % series_.size());
    dealtCount_++;
    return s;
  }

  void newOrder(const Record& r, uint32_t id, uint32_t limit, bool immediate, uint32_t s) {
    Book* books = series_[s].books;
    if (r.broker != 0) {
      // The broker's bids stay below its asks, which live in the other book of the same series.
      if (r.side == SIDE_BUY ? (books[0].hasAsks() && limit >= books[0].bestAsk())
                             : (books[1].hasBids() && limit <= books[1].bestBid())) {
        return reject();
      }
    }
    int bi = bookOf(r.side, r.broker);
    Book& b = books[bi];
    Order* o = pool_.acquire();
    o->id = id;
    o->leaves = r.qty;
    o->price = limit;
    o->side = r.side;
    o->account = positions_ ? positions_->accountOf(r.account) : r.account;
    o->book = static_cast<uint16_t>(bi);
    o->series = static_cast<uint16_t>(s);
    if (positions_) {
      positions_->hold(*o, r.qty);
#ifdef PATX_POSITION_SLOT
      // The table grew under this hold (only in a pass sized for nothing): the resting orders' slots moved.
      if (positions_->grown() != grownSeen_) {
        grownSeen_ = positions_->grown();
        for (auto& entry : byId_) positions_->repoint(*entry.second);
      }
#endif
    }
    b.match(o, limit, immediate, sink, [this](Order* maker) {
      byId_.erase(maker->id);
      pool_.release(maker);
    });
    if (o->leaves == 0 || immediate) {
      if (positions_ && o->leaves > 0) positions_->release(*o, o->leaves);
      pool_.release(o);  // filled, or an IOC remainder: cancelled
      return;
    }
    b.rest(o);
    byId_.emplace(id, o);
  }

  struct Series {
    Book books[2];
  };
  std::vector<Series> series_;
  bool dealing_ = false;
  uint64_t dealtCount_ = 0;
  uint64_t block_;
  const std::vector<uint16_t>* deal_;  // --deal, or nullptr
  std::unordered_map<uint32_t, Order*> byId_;
  OrderPool pool_;
  std::unique_ptr<Positions> positions_;  // --positions
#ifdef PATX_POSITION_SLOT
  uint32_t grownSeen_ = 0;  // the table's grown() when the resting orders' slots were last found
#endif
  uint64_t bandBps_;
  uint32_t minTicks_;
  uint32_t maxTicks_;
};

// The process's CPU time (one thread here), ns: beside the wall time, what a loaded machine's waits for a core leave out.
double cpuNow() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

struct RunResult {
  double ns;
  double cpuNs;
  FillSink sink;
  uint64_t rejects;
  size_t resting;
  bool positionsBalanced;
  size_t positionsOpened;
};

// expectedPositions: what the hashed positions are sized for (the warm-up pass's count; 0 before it).
RunResult runOnce(const Header& h, const std::vector<Record>& recs, uint32_t seriesCount, uint64_t block, const std::vector<uint16_t>* deal, int positions,
                  size_t expectedPositions) {
  Exchange ex(h, seriesCount, block, deal, positions, expectedPositions);
  for (uint32_t i = 0; i < h.prefill; i++) ex.apply(recs[i], i);
  ex.startDealing();
  // Only the measured ops' fills are compared with the engine's.
  ex.resetSink();
  ex.rejects = 0;
  const uint32_t end = h.prefill + h.ops;
#ifdef PATX_POSITION_SLOT
  const uint32_t grownBefore = ex.positionsGrown();
#endif
  const double cpu0 = cpuNow();
  auto t0 = std::chrono::steady_clock::now();
  for (uint32_t i = h.prefill; i < end; i++) ex.apply(recs[i], i);
  auto t1 = std::chrono::steady_clock::now();
  const double cpu1 = cpuNow();
#ifdef PATX_POSITION_SLOT
  // What this mode claims: sized from the warm-up pass, the table never grows while timed.
  if (expectedPositions > 0 && ex.positionsGrown() != grownBefore) {
    std::fprintf(stderr, "--positions 4: the table grew in the timed pass (sized for %zu, opened %zu)\n", expectedPositions, ex.positionsOpened());
    std::exit(2);
  }
#endif
  return RunResult{static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()), cpu1 - cpu0, ex.sink,
                   ex.rejects, ex.resting(), ex.positionsBalanced(), ex.positionsOpened()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
#ifdef PATX_POSITION_SLOT
    std::fprintf(stderr, "usage: book <stream.bin> [--warmup N] [--series N] [--block K] [--deal FILE] --positions 4\n");
#else
    std::fprintf(stderr, "usage: book <stream.bin> [--warmup N] [--series N] [--block K] [--deal FILE] [--positions 0|1|2|3|5]\n");
#endif
    return 2;
  }
  int warmup = 1;
  long seriesCount = 1;
  long block = 1;
  int positions = 0;  // 0: none, 1: rows, 2: rows in a std::unordered_map, 3: rows in a flat table, 4: slot on the order, 5: rows by ids given at open
  const char* dealFile = nullptr;
  for (int i = 2; i + 1 < argc; i++) {
    if (std::strcmp(argv[i], "--deal") == 0) dealFile = argv[i + 1];
    if (std::strcmp(argv[i], "--warmup") == 0) warmup = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--series") == 0) seriesCount = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--block") == 0) block = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--positions") == 0) positions = std::atoi(argv[i + 1]);
  }
#ifdef PATX_POSITION_SLOT
  if (positions != 4) {
    std::fprintf(stderr, "this build (-DPATX_POSITION_SLOT) runs --positions 4 only; the plain build runs 0, 1, 2, 3 and 5\n");
    return 2;
  }
#else
  if (positions < 0 || positions > 5 || positions == 4) {
    std::fprintf(stderr, "--positions must be 0, 1, 2, 3 or 5 (4: the build with -DPATX_POSITION_SLOT)\n");
    return 2;
  }
#endif
  if (block < 1) {
    std::fprintf(stderr, "--block must be at least 1\n");
    return 2;
  }
  if (seriesCount < 1 || seriesCount > static_cast<long>(kMaxSeries)) {
    std::fprintf(stderr, "--series must be 1..%u\n", kMaxSeries);
    return 2;
  }
  FILE* f = std::fopen(argv[1], "rb");
  if (f == nullptr) {
    std::perror(argv[1]);
    return 2;
  }
  Header h;
  if (std::fread(&h, sizeof h, 1, f) != 1 || std::memcmp(h.magic, "PATXOPS1", 8) != 0) {
    std::fprintf(stderr, "%s: not a PATXOPS1 stream\n", argv[1]);
    return 2;
  }
  std::vector<Record> recs(static_cast<size_t>(h.prefill) + h.ops);
  if (std::fread(recs.data(), sizeof(Record), recs.size(), f) != recs.size()) {
    std::fprintf(stderr, "%s: truncated\n", argv[1]);
    return 2;
  }
  std::fclose(f);
  // A warm-up pass (untimed) so the timed pass runs with the allocator and caches warm, as
  // PATX's timed runs run with its JIT warm.
  const uint32_t n = static_cast<uint32_t>(seriesCount);
  if (h.prefill > 0 && n > 1) {
    std::fprintf(stderr, "--series > 1 with a prefilled stream: the deep variant is one series\n");
    return 2;
  }
  const uint64_t k = static_cast<uint64_t>(block);
  std::vector<uint16_t> deal;
  if (dealFile != nullptr) {
    FILE* d = std::fopen(dealFile, "rb");
    if (d == nullptr) {
      std::perror(dealFile);
      return 2;
    }
    uint16_t s;
    while (std::fread(&s, sizeof s, 1, d) == 1) {
      if (s >= n) {
        std::fprintf(stderr, "%s: series %u at entry %zu, not under --series %u\n", dealFile, s, deal.size(), n);
        return 2;
      }
      deal.push_back(s);
    }
    std::fclose(d);
  }
  const std::vector<uint16_t>* table = dealFile != nullptr ? &deal : nullptr;
  size_t expectedPositions = 0;
  for (int i = 0; i < warmup; i++) expectedPositions = runOnce(h, recs, n, k, table, positions, expectedPositions).positionsOpened;
  RunResult r = runOnce(h, recs, n, k, table, positions, expectedPositions);
  std::printf(
      "{\"book\":\"%s\",\"ns\":%.0f,\"cpuNs\":%.0f,\"ops\":%u,\"series\":%u,\"block\":%llu,\"dealt\":%zu,\"positions\":%d,\"fills\":%llu,\"qty\":%llu,\"hashPriceQty\":%u,\"hashOrders\":%u,\"rejects\":%llu,"
      "\"resting\":%zu,\"positionsBalanced\":%s}\n",
      kBookName, r.ns, r.cpuNs, h.ops, n, static_cast<unsigned long long>(k), deal.size(), positions, static_cast<unsigned long long>(r.sink.count), static_cast<unsigned long long>(r.sink.qty),
      r.sink.hashPriceQty, r.sink.hashOrders, static_cast<unsigned long long>(r.rejects), r.resting, r.positionsBalanced ? "true" : "false");
  return 0;
}
