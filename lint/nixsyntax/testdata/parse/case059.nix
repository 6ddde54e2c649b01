''
  trailing   ''
