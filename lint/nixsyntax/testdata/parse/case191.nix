x@{ c, b ? 2, a }: a
