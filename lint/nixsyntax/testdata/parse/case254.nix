with {}; f -1
