with {}; x.${"a"}
