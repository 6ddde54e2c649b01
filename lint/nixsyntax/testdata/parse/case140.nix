with {}; a ? b
