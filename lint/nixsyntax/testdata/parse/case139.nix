with {}; f x or y
