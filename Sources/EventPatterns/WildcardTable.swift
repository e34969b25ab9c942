/// The distinct wildcards that need a confirming check, shared by all groups.
struct WildcardTable {
    private(set) var patterns: [WildcardPattern] = []
    private var ids: [WildcardPattern: Int32] = [:]

    mutating func id(_ w: WildcardPattern) -> Int32 {
        if let id = ids[w] { return id }
        let id = Int32(patterns.count)
        patterns.append(w)
        ids[w] = id
        return id
    }
}
