with {}; ''
  #!/bin/sh
  echo ${a} "$HOME" ''${b}
  exit 0
''
