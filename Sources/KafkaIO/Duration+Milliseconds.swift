extension Duration {
    /// The duration in whole milliseconds, clamped to librdkafka's `int` timeouts;
    /// negative durations become 0.
    var kafkaMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        if ms.overflow { return Int32.max }
        return Int32(clamping: ms.partialValue + attoseconds / 1_000_000_000_000_000)
    }
}
