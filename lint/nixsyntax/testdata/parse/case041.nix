with {}; "x${b}y${c}z"
