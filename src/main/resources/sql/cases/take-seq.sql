UPDATE event_seq SET last = last + $1 RETURNING last
