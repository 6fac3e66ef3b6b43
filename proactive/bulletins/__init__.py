"""The monthly bulletin (적극행정 월보) and its subscribers."""
