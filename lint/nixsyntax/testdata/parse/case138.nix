with {}; x or y
