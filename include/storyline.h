/* storyline.h - public API of libstoryline (work in progress, see docs). */
#ifndef STORYLINE_H
#define STORYLINE_H
#define SL_VERSION "0.1.0"
#endif
