''
  line
    ''
