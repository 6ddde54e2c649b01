with {}; assert a == b; assert c; d
