with {}; f a.b or c
