with {}; ~/${x}/c
