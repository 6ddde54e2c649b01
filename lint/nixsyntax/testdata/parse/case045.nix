''
  hello
''
