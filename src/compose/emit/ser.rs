//! A serde `Serializer` that records any `Serialize` value as a [`Tree`].
//!
//! `serialize_struct` becomes an object printed in field order, `serialize_map` one printed
//! with sorted keys, as Go's encoders do for structs and maps. A map of unknown length is
//! what `#[serde(flatten)]` produces, so it keeps its entries in order, except those whose
//! keys [`serialize_inline`] marked: Go prints an inline map after the fields, sorted.

use serde::Serialize;
use serde::ser::{self, SerializeMap as _};

use super::EmitError;
use super::tree::{Entry, Float, Object, Order, Tree};

/// The newtype name that marks a key as belonging to an inline map.
const INLINE_KEY: &str = "$nivel::emit::InlineKey";

/// Serialises a map flattened into a struct the way Go prints an inline map
/// (`yaml:",inline"`): after the struct's fields, keys sorted. Use it with
/// `#[serde(flatten, serialize_with = "serialize_inline")]`. Other serializers see an
/// ordinary map.
pub fn serialize_inline<'a, M, K, V, S>(map: &'a M, serializer: S) -> Result<S::Ok, S::Error>
where
    &'a M: IntoIterator<Item = (&'a K, &'a V)>,
    K: Serialize + 'a,
    V: Serialize + 'a,
    S: ser::Serializer,
{
    let mut out = serializer.serialize_map(None)?;
    for (key, value) in map {
        out.serialize_entry(&InlineKey(key), value)?;
    }
    out.end()
}

struct InlineKey<'a, K>(&'a K);

impl<K: Serialize> Serialize for InlineKey<'_, K> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(INLINE_KEY, self.0)
    }
}

/// Records a value as a tree.
pub(crate) fn to_tree<T: Serialize + ?Sized>(value: &T) -> Result<Tree, EmitError> {
    value.serialize(TreeSerializer).map(|marked| marked.tree)
}

/// A tree and whether it is an inline-map key (only meaningful in key position).
struct Marked {
    tree: Tree,
    inline: bool,
}

impl From<Tree> for Marked {
    fn from(tree: Tree) -> Self {
        Marked { tree, inline: false }
    }
}

fn value<T: Serialize + ?Sized>(value: &T) -> Result<Tree, EmitError> {
    to_tree(value)
}

struct TreeSerializer;

impl ser::Serializer for TreeSerializer {
    type Ok = Marked;
    type Error = EmitError;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = VariantBuilder<SeqBuilder>;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = VariantBuilder<MapBuilder>;

    fn serialize_bool(self, v: bool) -> Result<Marked, EmitError> {
        Ok(Tree::Bool(v).into())
    }
    fn serialize_i8(self, v: i8) -> Result<Marked, EmitError> {
        Ok(Tree::Int(v.into()).into())
    }
    fn serialize_i16(self, v: i16) -> Result<Marked, EmitError> {
        Ok(Tree::Int(v.into()).into())
    }
    fn serialize_i32(self, v: i32) -> Result<Marked, EmitError> {
        Ok(Tree::Int(v.into()).into())
    }
    fn serialize_i64(self, v: i64) -> Result<Marked, EmitError> {
        Ok(Tree::Int(v).into())
    }
    fn serialize_i128(self, v: i128) -> Result<Marked, EmitError> {
        if let Ok(small) = i64::try_from(v) {
            Ok(Tree::Int(small).into())
        } else if let Ok(unsigned) = u64::try_from(v) {
            Ok(Tree::Uint(unsigned).into())
        } else {
            Err(EmitError::IntegerTooLarge(v.to_string()))
        }
    }
    fn serialize_u8(self, v: u8) -> Result<Marked, EmitError> {
        Ok(Tree::Uint(v.into()).into())
    }
    fn serialize_u16(self, v: u16) -> Result<Marked, EmitError> {
        Ok(Tree::Uint(v.into()).into())
    }
    fn serialize_u32(self, v: u32) -> Result<Marked, EmitError> {
        Ok(Tree::Uint(v.into()).into())
    }
    fn serialize_u64(self, v: u64) -> Result<Marked, EmitError> {
        Ok(Tree::Uint(v).into())
    }
    fn serialize_u128(self, v: u128) -> Result<Marked, EmitError> {
        u64::try_from(v).map(|v| Tree::Uint(v).into()).map_err(|_| EmitError::IntegerTooLarge(v.to_string()))
    }
    fn serialize_f32(self, v: f32) -> Result<Marked, EmitError> {
        Ok(Tree::Float(Float::F32(v)).into())
    }
    fn serialize_f64(self, v: f64) -> Result<Marked, EmitError> {
        Ok(Tree::Float(Float::F64(v)).into())
    }
    fn serialize_char(self, v: char) -> Result<Marked, EmitError> {
        Ok(Tree::Str(v.to_string()).into())
    }
    fn serialize_str(self, v: &str) -> Result<Marked, EmitError> {
        Ok(Tree::Str(v.to_owned()).into())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Marked, EmitError> {
        Ok(Tree::Seq(v.iter().map(|b| Tree::Uint((*b).into())).collect()).into())
    }
    fn serialize_none(self) -> Result<Marked, EmitError> {
        Ok(Tree::Null.into())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Marked, EmitError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Marked, EmitError> {
        Ok(Tree::Null.into())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Marked, EmitError> {
        Ok(Tree::Null.into())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Marked, EmitError> {
        Ok(Tree::Str(variant.to_owned()).into())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<Marked, EmitError> {
        let tree = value(v)?;
        Ok(Marked { tree, inline: name == INLINE_KEY })
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Marked, EmitError> {
        Ok(single_field(variant, value(v)?).into())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder, EmitError> {
        Ok(SeqBuilder { items: Vec::with_capacity(len.unwrap_or(0)) })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder, EmitError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<SeqBuilder, EmitError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<SeqBuilder>, EmitError> {
        Ok(VariantBuilder { variant, inner: self.serialize_seq(Some(len))? })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapBuilder, EmitError> {
        // serde's flatten is the usual source of a map whose length is unknown; it stands for
        // a struct, so it keeps its order.
        let order = if len.is_some() { Order::Sorted } else { Order::Fields };
        Ok(MapBuilder::new(order))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<MapBuilder, EmitError> {
        Ok(MapBuilder::new(Order::Fields))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<VariantBuilder<MapBuilder>, EmitError> {
        Ok(VariantBuilder { variant, inner: MapBuilder::new(Order::Fields) })
    }
}

fn single_field(name: &str, value: Tree) -> Tree {
    Tree::Object(Object {
        entries: vec![Entry { key: Tree::Str(name.to_owned()), value, inline: false }],
        order: Order::Fields,
    })
}

struct SeqBuilder {
    items: Vec<Tree>,
}

impl ser::SerializeSeq for SeqBuilder {
    type Ok = Marked;
    type Error = EmitError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), EmitError> {
        self.items.push(value(v)?);
        Ok(())
    }
    fn end(self) -> Result<Marked, EmitError> {
        Ok(Tree::Seq(self.items).into())
    }
}

impl ser::SerializeTuple for SeqBuilder {
    type Ok = Marked;
    type Error = EmitError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), EmitError> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<Marked, EmitError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for SeqBuilder {
    type Ok = Marked;
    type Error = EmitError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), EmitError> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<Marked, EmitError> {
        ser::SerializeSeq::end(self)
    }
}

struct MapBuilder {
    entries: Vec<Entry>,
    order: Order,
    pending: Option<Marked>,
}

impl MapBuilder {
    fn new(order: Order) -> Self {
        MapBuilder { entries: Vec::new(), order, pending: None }
    }

    fn finish(self) -> Tree {
        Tree::Object(Object { entries: self.entries, order: self.order })
    }
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Marked;
    type Error = EmitError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), EmitError> {
        let key = key.serialize(TreeSerializer)?;
        if matches!(key.tree, Tree::Seq(_) | Tree::Object(_)) {
            return Err(EmitError::KeyNotScalar);
        }
        self.pending = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), EmitError> {
        let key = self.pending.take().ok_or(EmitError::ValueWithoutKey)?;
        self.entries.push(Entry { key: key.tree, value: value(v)?, inline: key.inline });
        Ok(())
    }
    fn end(self) -> Result<Marked, EmitError> {
        Ok(self.finish().into())
    }
}

impl ser::SerializeStruct for MapBuilder {
    type Ok = Marked;
    type Error = EmitError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), EmitError> {
        self.entries.push(Entry { key: Tree::Str(key.to_owned()), value: value(v)?, inline: false });
        Ok(())
    }
    fn end(self) -> Result<Marked, EmitError> {
        Ok(self.finish().into())
    }
}

/// An enum variant with content, printed as `{variant: content}` like serde_json does.
struct VariantBuilder<B> {
    variant: &'static str,
    inner: B,
}

impl ser::SerializeTupleVariant for VariantBuilder<SeqBuilder> {
    type Ok = Marked;
    type Error = EmitError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), EmitError> {
        ser::SerializeSeq::serialize_element(&mut self.inner, v)
    }
    fn end(self) -> Result<Marked, EmitError> {
        Ok(single_field(self.variant, Tree::Seq(self.inner.items)).into())
    }
}

impl ser::SerializeStructVariant for VariantBuilder<MapBuilder> {
    type Ok = Marked;
    type Error = EmitError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), EmitError> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, v)
    }
    fn end(self) -> Result<Marked, EmitError> {
        Ok(single_field(self.variant, self.inner.finish()).into())
    }
}
