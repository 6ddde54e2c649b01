with {}; -b
