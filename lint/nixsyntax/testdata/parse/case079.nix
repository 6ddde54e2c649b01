with {}; ./a${x}
