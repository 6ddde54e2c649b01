with {}; <a> <b>
