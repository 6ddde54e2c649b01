with {}; x: x
