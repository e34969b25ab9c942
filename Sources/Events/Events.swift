// The Events module: readers that turn event bytes into `EventFields`.
