with {}; -b.x
