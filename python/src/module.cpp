// The extension module parley._core: the C++ facade one to one (the pure-Python layer in
// python/parley/ adds the conveniences). The error classes follow docs/errors.md:
//   parley.Error(RuntimeError)                 every error parley raises on purpose
//   parley.InputError(parley.Error, ValueError) bad input, with .file .line .column .field
//                                               .found .expected
//   parley.UnsupportedError(parley.Error)       a request the library cannot serve
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "parley/support/error.hpp"
#include "parley/support/version.hpp"

namespace py = pybind11;

namespace parley::python {
namespace {

// Creates an exception class named parley.<name> with the given bases, kept alive for the
// lifetime of the interpreter (the translator below raises it).
py::object make_exception_class(py::module_& m, const char* name, py::handle bases,
                                const char* doc) {
  const std::string qualified = std::string("parley.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  py::object result = py::reinterpret_steal<py::object>(type);
  m.attr(name) = result;
  return result;
}

template <typename T>
py::object optional_to_python(const std::optional<T>& value) {
  return value ? py::cast(*value) : py::none();
}

void register_errors(py::module_& m) {
  // Static storage: translators run after module init; the classes live as long as the module
  // (leaked on purpose, as pybind11 itself does for its exception types).
  static py::handle error_class;
  static py::handle input_error_class;
  static py::handle unsupported_error_class;
  error_class =
      make_exception_class(m, "Error", PyExc_RuntimeError,
                           "Base of every error parley raises on purpose (docs/errors.md).")
          .release();
  input_error_class =
      make_exception_class(
          m, "InputError", py::make_tuple(error_class, py::handle(PyExc_ValueError)),
          "Bad input: a malformed file, an unknown issue or option, a negative weight. The "
          "message reads 'FILE:LINE: FIELD: found X, expected Y'; the attributes file, line, "
          "column, field, found and expected hold its parts (line/column None when unknown).")
          .release();
  unsupported_error_class =
      make_exception_class(m, "UnsupportedError", error_class,
                           "A request the library cannot serve for this input, with the reason.")
          .release();

  py::register_exception_translator([](std::exception_ptr pointer) {
    if (!pointer) return;
    try {
      std::rethrow_exception(pointer);
    } catch (const InputError& error) {
      py::object instance = py::reinterpret_borrow<py::object>(input_error_class)(error.what());
      instance.attr("file") = error.file();
      instance.attr("line") = optional_to_python(error.line());
      instance.attr("column") = optional_to_python(error.column());
      instance.attr("field") = error.field();
      instance.attr("found") = error.found();
      instance.attr("expected") = error.expected();
      PyErr_SetObject(input_error_class.ptr(), instance.ptr());
    } catch (const UnsupportedError& error) {
      PyErr_SetString(unsupported_error_class.ptr(), error.what());
    } catch (const Error& error) {
      PyErr_SetString(error_class.ptr(), error.what());
    }
  });
}

}  // namespace
}  // namespace parley::python

PYBIND11_MODULE(_core, m) {
  m.doc() =
      "parley._core: the C++ engine of parley, one to one with its C++ facade "
      "(include/parley/<area>/*.hpp). Use the package parley for the Python conveniences.";
  m.attr("__version__") = parley::version;
  parley::python::register_errors(m);
  parley::python::bind_model(m);
  parley::python::bind_io(m);
  parley::python::bind_analysis(m);
  parley::python::bind_negotiation(m);
  parley::python::bind_tournament(m);
  parley::python::bind_fair(m);
  parley::python::bind_robust(m);
  parley::python::bind_manipulate(m);
  parley::python::bind_agreements(m);
  parley::python::bind_certify(m);
}
