with {}; (x: x).y
