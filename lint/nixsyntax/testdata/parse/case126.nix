with {}; (f 1) 2
