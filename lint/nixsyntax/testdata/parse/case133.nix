with {}; (x.y).z
