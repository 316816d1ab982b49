super.x()
