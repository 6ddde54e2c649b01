with {}; (x: x) 1
