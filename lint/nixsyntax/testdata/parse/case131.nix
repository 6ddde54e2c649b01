with {}; x.y.z
