with {}; a
  .b
