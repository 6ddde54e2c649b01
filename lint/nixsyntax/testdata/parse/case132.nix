with {}; x.y.z or 2
