/// A partition's low and high watermarks: the first retained offset and the offset the
/// next produced record will get. `high - low` records are retained; a reader that
/// has consumed up to (not including) `high` is at the end, which is how changelog
/// restore knows it is done and how consumer lag is measured.
package struct KafkaWatermarks: Hashable, Sendable {
    package var low: Int64
    package var high: Int64

    package init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }
}
