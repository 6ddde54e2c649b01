with {}; ./a/${x}${y}
