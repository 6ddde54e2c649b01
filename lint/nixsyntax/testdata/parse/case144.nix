with {}; -a ? b
