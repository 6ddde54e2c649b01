with {}; - -b
