with {}; assert a; b
