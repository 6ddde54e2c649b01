with {}; x."${y}z"
