with {}; a > b
