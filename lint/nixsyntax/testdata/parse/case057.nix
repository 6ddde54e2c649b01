''one line''
