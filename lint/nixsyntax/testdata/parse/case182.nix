with {}; a / b
